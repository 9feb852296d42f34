package com.run402.local.runtime.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.JsonDigest;
import com.run402.local.runtime.error.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Durable function runs (api-contract 2.3 P2, run402-core-notes 3.6): create (idempotent on the key and the
 * intent), read, list, cancel and redrive. Runs are executed by {@link RunWorker} on the emulator clock.
 */
public final class FunctionRuns {
  static final int DEFAULT_MAX_ATTEMPTS = 5;
  static final int DEFAULT_MIN_DELAY = 30;
  static final int DEFAULT_MAX_DELAY = 21_600;
  private static final int MAX_PAYLOAD = 256 * 1024;
  private final RunStore store;
  private final FunctionService functions;
  private final ObjectMapper json;
  private final Clock clock;
  private final Runnable poke;

  FunctionRuns(RunStore store, FunctionService functions, ObjectMapper json, Clock clock, Runnable poke) {
    this.store = store;
    this.functions = functions;
    this.json = json;
    this.clock = clock;
    this.poke = poke;
  }

  /** The answer to a create: the run, and whether it already existed (same key, same intent). */
  public record Created(FunctionRun run, boolean deduplicated) {}

  /** {@code POST /functions/v1/:name/runs}; {@code parentRun}/{@code parentAttempt} from the caller's headers. */
  public Created create(String projectId, String function, JsonNode body, String keyHeader, String parentRun,
      String parentAttempt) {
    functions.get(projectId, function); // 404 for a function that is not deployed
    if (body == null || !body.isObject()) {
      throw bad("The body must be a JSON object with event_type and idempotency_key");
    }
    String eventType = text(body, "event_type", true);
    String key = text(body, "idempotency_key", false);
    if (key == null) {
      key = keyHeader;
    } else if (keyHeader != null && !keyHeader.isBlank() && !keyHeader.equals(key)) {
      throw bad("idempotency_key and the Idempotency-Key header differ");
    }
    if (key == null || key.isBlank() || key.length() > 256) {
      throw bad("An idempotency key (idempotency_key or the Idempotency-Key header, 1-256 characters) is required");
    }
    JsonNode payload = body.has("payload") ? body.get("payload") : json.createObjectNode();
    if (!payload.isObject()) {
      throw bad("payload must be a JSON object");
    }
    if (payload.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PAYLOAD) {
      throw bad("payload exceeds " + MAX_PAYLOAD / 1024 + " KB");
    }
    Instant now = clock.instant();
    Instant runAt = runAt(body, now);
    Instant expiresAt = body.hasNonNull("expires_at") ? instant(body, "expires_at") : null;
    if (expiresAt != null && !expiresAt.isAfter(runAt)) {
      throw bad("expires_at must be after the run time");
    }
    Retry retry = Retry.parse(body.get("retry"), new Retry(DEFAULT_MAX_ATTEMPTS, DEFAULT_MIN_DELAY, DEFAULT_MAX_DELAY));
    ObjectNode intent = body.deepCopy();
    intent.remove("idempotency_key");
    String digest = JsonDigest.of(intent);
    String source = parentRun == null ? "{\"type\":\"api\"}" : json.createObjectNode().put("type", "function")
        .put("run_id", parentRun).put("attempt_id", parentAttempt).toString();
    FunctionRun run = new FunctionRun(Ids.next("fnrun_"), projectId, function, eventType, key, digest, payload.toString(),
        source, runAt.isAfter(now) ? "scheduled" : "queued", 1, runAt, expiresAt, retry.maxAttempts(),
        retry.minDelay(), retry.maxDelay(), 0, 0, runAt, null, null, now, now, null);
    if (store.insert(run)) {
      poke.run();
      return new Created(run, false);
    }
    FunctionRun existing = store.byKey(projectId, function, key).orElseThrow(() ->
        new IllegalStateException("a function run vanished between insert and read"));
    if (!existing.intentDigest().equals(digest)) {
      throw new ApiException(409, "idempotency_conflict", "Idempotency key '" + key + "' was used for another run "
          + "intent of '" + function + "'; use a new key for a different run");
    }
    return new Created(existing, true);
  }

  public FunctionRun get(String projectId, String runId) {
    return store.find(projectId, runId).orElseThrow(() -> ApiException.notFound("run_not_found",
        "Function run '" + runId + "' not found"));
  }

  /** A page of a function's runs and the cursor of the next one (null at the end). */
  public record Page(List<FunctionRun> runs, String nextCursor) {}

  public Page list(String projectId, String function, Map<String, String> q) {
    functions.get(projectId, function);
    int limit = limit(q.get("limit"));
    String status = q.get("status");
    if (status != null && !FunctionRun.TERMINAL.contains(status)
        && !List.of("scheduled", "queued", "running", "retrying").contains(status)) {
      throw bad("Unknown status '" + status + "'");
    }
    FunctionRun before = q.get("cursor") == null ? null : store.find(projectId, q.get("cursor"))
        .filter(r -> r.functionName().equals(function)).orElseThrow(() -> bad("Unknown cursor"));
    List<FunctionRun> rows = store.list(projectId, function, status, q.get("event_type"), time(q.get("since"), "since"),
        time(q.get("until"), "until"), before, limit + 1);
    boolean more = rows.size() > limit;
    List<FunctionRun> page = more ? rows.subList(0, limit) : rows;
    return new Page(page, more ? page.get(page.size() - 1).runId() : null);
  }

  /** Stops a run that has not ended; an attempt under way finishes, but its outcome no longer changes the run. */
  public FunctionRun cancel(String projectId, String runId) {
    for (int i = 0; i < 5; i++) {
      FunctionRun r = get(projectId, runId);
      if (r.terminal()) {
        throw new ApiException(409, "run_terminal", "Function run '" + runId + "' already ended (" + r.status() + ")");
      }
      Instant now = clock.instant();
      FunctionRun next = r.moved("cancelled", null, now, now);
      if (store.replace(next, r.status(), r.generation())) {
        return next;
      }
    }
    throw new ApiException(409, "run_busy", "Function run '" + runId + "' kept changing; try again");
  }

  /**
   * Runs a failed, cancelled or expired run again as a new generation, optionally with another retry policy. An
   * expiry already past is dropped (the run would otherwise expire again at once).
   */
  public FunctionRun redrive(String projectId, String runId, JsonNode body) {
    FunctionRun r = get(projectId, runId);
    if (!r.terminal() || r.status().equals("succeeded")) {
      throw new ApiException(409, "run_not_redrivable", "Only a failed, cancelled or expired run can be redriven; '"
          + runId + "' is " + r.status());
    }
    if (body != null && !body.isNull() && !body.isObject()) {
      throw bad("The body must be a JSON object ({retry?})");
    }
    Retry retry = Retry.parse(body == null ? null : body.get("retry"),
        new Retry(r.maxAttempts(), r.minDelaySeconds(), r.maxDelaySeconds()));
    Instant now = clock.instant();
    Instant expires = r.expiresAt() != null && r.expiresAt().isAfter(now) ? r.expiresAt() : null;
    FunctionRun next = r.regenerated(retry, expires).moved("queued", now, null, now);
    if (!store.replace(next, r.status(), r.generation())) {
      throw new ApiException(409, "run_busy", "Function run '" + runId + "' changed meanwhile; try again");
    }
    poke.run();
    return next;
  }

  private Instant runAt(JsonNode body, Instant now) {
    boolean at = body.hasNonNull("run_at");
    boolean delay = body.hasNonNull("delay_seconds");
    if (at && delay) {
      throw bad("run_at and delay_seconds are mutually exclusive");
    }
    if (delay) {
      JsonNode d = body.get("delay_seconds");
      if (!d.isIntegralNumber() || !d.canConvertToLong() || d.asLong() < 0 || d.asLong() > 365L * 86_400) {
        throw bad("delay_seconds must be a whole number of seconds from 0 to one year");
      }
      return now.plusSeconds(d.asLong());
    }
    return at ? instant(body, "run_at") : now;
  }

  private Instant time(String value, String field) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw bad(field + " must be an ISO-8601 timestamp");
    }
  }

  private Instant instant(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (!v.isTextual()) {
      throw bad(field + " must be an ISO-8601 timestamp");
    }
    return time(v.asText(), field);
  }

  private static String text(JsonNode body, String field, boolean required) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw bad(field + " is required");
      }
      return null;
    }
    if (!v.isTextual() || v.asText().isBlank() || v.asText().length() > 256) {
      throw bad(field + " must be a non-empty string of at most 256 characters");
    }
    return v.asText().trim();
  }

  private static int limit(String raw) {
    if (raw == null || raw.isBlank()) {
      return 50;
    }
    try {
      int n = Integer.parseInt(raw.trim());
      if (n >= 1 && n <= 200) {
        return n;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw bad("limit must be a whole number from 1 to 200");
  }

  static ApiException bad(String message) {
    return ApiException.badRequest("invalid_function_run", message);
  }
}

package com.run402.local.runtime.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.Threads;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.projects.Project;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes due function runs one at a time (production's run worker has a concurrency of 1 too), on the emulator
 * clock: every second, after a create or redrive, and whenever the clock moves, so a test can advance time past
 * a retry's delay and see the next attempt. An attempt is {@code POST /functions/v1/<name>} with the run
 * envelope {@code @run402/functions}' {@code defineFunctionRuns} parses and the {@code x-run402-trigger:
 * function_run}, {@code x-run402-run-id} and {@code x-run402-attempt-id} headers; 2xx succeeds, 429 and 5xx
 * (a crash or timeout included) retry with backoff until the attempts run out, any other status fails at once.
 * While the project's lease is archived its runs wait (no attempt counted) and resume once it is renewed.
 */
final class RunWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("run402.functions.runs");
  private static final int MAX_PER_DRAIN = 200;
  private static final java.time.Duration PAUSED_RECHECK = java.time.Duration.ofMinutes(1);
  private final RunStore store;
  private final FunctionService functions;
  private final FunctionLogs logs;
  private final Function<String, Optional<Project>> projects;
  private final java.util.function.Predicate<Project> serving;
  private final ObjectMapper json;
  private final Clock clock;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(Threads.daemon("run402-fn-runs", false));
  private final AtomicBoolean pending = new AtomicBoolean();

  RunWorker(RunStore store, FunctionService functions, FunctionLogs logs, Function<String, Optional<Project>> projects,
      java.util.function.Predicate<Project> serving, ObjectMapper json, Clock clock) {
    this.store = store;
    this.functions = functions;
    this.logs = logs;
    this.projects = projects;
    this.serving = serving;
    this.json = json;
    this.clock = clock;
    thread.execute(() -> store.requeueRunning(clock.instant()));
    thread.scheduleWithFixedDelay(this::drainQuietly, 1, 1, TimeUnit.SECONDS);
  }

  /** Looks for due runs now (coalesced: one pending look at a time). */
  void poke() {
    if (pending.compareAndSet(false, true)) {
      try {
        thread.execute(() -> {
          pending.set(false);
          drainQuietly();
        });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        pending.set(false); // closing
      }
    }
  }

  private void drainQuietly() {
    try {
      int done = 0;
      for (List<FunctionRun> due = store.due(clock.instant(), 20); !due.isEmpty() && done < MAX_PER_DRAIN;
          due = store.due(clock.instant(), 20)) {
        for (FunctionRun r : due) {
          attempt(r);
          done++;
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("function run worker: {}", e.toString());
    }
  }

  private void attempt(FunctionRun r) {
    Instant now = clock.instant();
    if (r.expiresAt() != null && !now.isBefore(r.expiresAt())) {
      if (store.replace(r.moved("expired", null, now, now), r.status(), r.generation())) {
        logs.add(r.projectId(), r.functionName(), "warn", "Run " + r.runId() + " expired before it succeeded",
            r.runId());
      }
      return;
    }
    Optional<Project> p = projects.apply(r.projectId());
    if (p.isPresent() && !serving.test(p.get())) {
      // Paused while the lease is archived: looked at again in a minute, no attempt counted (a renewal resumes it).
      store.replace(r.moved(r.status(), now.plus(PAUSED_RECHECK), null, now), r.status(), r.generation());
      return;
    }
    int n = r.attemptCurrent() + 1;
    FunctionRun running = r.attempted(n, r.attemptsTotal() + 1, r.lastAttempt(), r.lastError())
        .moved("running", null, null, now);
    if (!store.replace(running, r.status(), r.generation())) {
      return; // cancelled or redriven meanwhile
    }
    String attemptId = Ids.next("fnatt_");
    long t0 = System.nanoTime();
    Outcome o = call(p.orElse(null), running, attemptId, n);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    Instant end = clock.instant();
    ObjectNode attempt = json.createObjectNode().put("attempt_id", attemptId).put("number", n)
        .put("response_status", o.status()).put("duration_ms", ms);
    attempt.put("error", o.error() == null ? null : o.error().path("message").asText(null));
    boolean ok = o.status() >= 200 && o.status() < 300;
    boolean retry = !ok && (o.status() == 429 || o.status() >= 500 || o.status() == 0) && n < running.maxAttempts();
    String status = ok ? "succeeded" : retry ? "retrying" : "failed";
    Instant next = retry ? end.plusSeconds(new Retry(running.maxAttempts(), running.minDelaySeconds(),
        running.maxDelaySeconds()).delayAfter(n)) : null;
    FunctionRun done = running.attempted(n, running.attemptsTotal(), attempt.toString(),
        ok ? null : o.error().toString()).moved(status, next, ok || !retry ? end : null, end);
    boolean kept = store.replace(done, "running", running.generation());
    logs.add(r.projectId(), r.functionName(), ok ? "info" : "error", "Run " + r.runId() + " attempt " + n + "/"
        + running.maxAttempts() + " finished with status " + o.status() + " in " + ms + " ms: " + status
        + (next == null ? "" : ", next attempt at " + next) + (kept ? "" : " (the run was cancelled meanwhile)"),
        r.runId());
  }

  private record Outcome(int status, ObjectNode error) {}

  private Outcome call(Project p, FunctionRun r, String attemptId, int n) {
    if (p == null || !functions.exists(r.projectId(), r.functionName())) {
      return new Outcome(404, error("function_not_found", "Function '" + r.functionName() + "' is not deployed"));
    }
    ObjectNode envelope = json.createObjectNode().put("trigger", "function_run").put("run_id", r.runId())
        .put("generation", r.generation()).put("event_type", r.eventType()).put("idempotency_key", r.idempotencyKey())
        .put("run_at", r.runAt().toString());
    envelope.putObject("attempt").put("attempt_id", attemptId).put("number", n).put("max", r.maxAttempts());
    envelope.set("source", read(r.source()));
    envelope.set("payload", read(r.payload()));
    Invocation inv = new Invocation("POST", "/functions/v1/" + r.functionName(), "", List.of(
        Map.entry("content-type", "application/json"), Map.entry("x-run402-trigger", "function_run"),
        Map.entry("x-run402-run-id", r.runId()), Map.entry("x-run402-attempt-id", attemptId)),
        new ByteArrayInputStream(envelope.toString().getBytes(StandardCharsets.UTF_8)));
    try {
      Invocation.Result res = functions.invoke(p, r.functionName(), inv, r.runId());
      byte[] body;
      try (InputStream in = res.body()) {
        body = in.readNBytes(64 * 1024);
      }
      if (res.status() >= 200 && res.status() < 300) {
        return new Outcome(res.status(), null);
      }
      return new Outcome(res.status(), failure(res.status(), new String(body, StandardCharsets.UTF_8)));
    } catch (ApiException e) {
      return new Outcome(e.status(), error(e.error(), e.getMessage()));
    } catch (Exception e) {
      return new Outcome(0, error("function_run_error", String.valueOf(e.getMessage())));
    }
  }

  /** The function's own error ({@code {error, message}} as defineFunctionRuns answers), else its text. */
  private ObjectNode failure(int status, String text) {
    JsonNode body = read(text);
    String code = body.path("error").isTextual() ? body.get("error").asText() : "http_" + status;
    String message = body.path("message").isTextual() ? body.get("message").asText()
        : text.length() > 1000 ? text.substring(0, 1000) : text;
    return error(code, message).put("response_status", status);
  }

  private ObjectNode error(String code, String message) {
    return json.createObjectNode().put("code", code).put("message", message);
  }

  private JsonNode read(String text) {
    try {
      JsonNode n = text == null || text.isBlank() ? null : json.readTree(text);
      return n == null ? json.createObjectNode() : n;
    } catch (Exception e) {
      return json.createObjectNode();
    }
  }

  @Override
  public void close() {
    Threads.stop(thread, Duration.ofSeconds(5));
  }
}

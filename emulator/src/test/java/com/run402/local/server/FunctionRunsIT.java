package com.run402.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.Run402Local;
import com.run402.local.junit5.Run402Test;
import com.run402.local.runtime.functions.FunctionRun;
import com.run402.local.testsupport.Api;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Durable function runs over raw HTTP: a {@code defineFunctionRuns} handler from the real {@code @run402/functions}
 * runs the envelope; retries wait on the emulator clock; cancel, redrive, idempotency, list, logs, bad input.
 */
@Run402Test(payments = "free")
class FunctionRunsIT {
  private static final String HANDLER = """
      import { defineFunctionRuns, retryableFunctionRunError, permanentFunctionRunError } from "@run402/functions";
      export default defineFunctionRuns({
        "order.paid": async (ctx, payload) => {
          console.log("handling", ctx.run.id, "attempt", ctx.attempt.number, "of", ctx.attempt.max);
          if (payload.flaky && ctx.attempt.number < 2) throw retryableFunctionRunError("not yet");
          if (payload.bad) throw permanentFunctionRunError("bad order");
          return { ok: true, attempt: ctx.attempt.number };
        },
      });
      """;
  private Run402Local local;
  private Api api;
  private FunctionProject fp;

  @BeforeEach
  void project(Run402Local local) {
    this.local = local;
    api = new Api(local.baseUri());
    fp = FunctionProject.provision(api, "runs");
    Api.Res d = fp.deploy("orders", HANDLER, null);
    assertThat(d.status()).as(d.text()).isEqualTo(201);
  }

  @AfterEach
  void clock() {
    local.resetClock();
  }

  @Test
  void a_run_executes_its_handler_once_and_a_replay_of_the_same_intent_is_the_same_run() {
    Api.Res c = create("{\"event_type\":\"order.paid\",\"idempotency_key\":\"o-1\",\"payload\":{\"order\":1}}", null);
    assertThat(c.status()).as(c.text()).isEqualTo(201);
    String id = c.json().get("run_id").asText();
    assertThat(id).startsWith("fnrun_");
    assertThat(c.json().get("deduplicated").asBoolean()).isFalse();
    assertThat(c.json().get("source").get("type").asText()).isEqualTo("api");
    JsonNode done = until(id, r -> r.get("terminal").asBoolean());
    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("succeeded");
    assertThat(done.get("attempts").get("current").asInt()).isEqualTo(1);
    assertThat(done.get("last_attempt").get("response_status").asInt()).isEqualTo(200);
    assertThat(done.get("last_attempt").get("attempt_id").asText()).startsWith("fnatt_");
    assertThat(done.get("next_actions")).isEmpty();

    Api.Res again = create("{\"event_type\":\"order.paid\",\"payload\":{\"order\":1}}", "o-1");
    assertThat(again.status()).as(again.text()).isEqualTo(200);
    assertThat(again.json().get("run_id").asText()).isEqualTo(id);
    assertThat(again.json().get("deduplicated").asBoolean()).isTrue();
    Api.Res other = create("{\"event_type\":\"order.paid\",\"idempotency_key\":\"o-1\",\"payload\":{\"order\":2}}", null);
    assertThat(other.status()).as(other.text()).isEqualTo(409);
    assertThat(other.json().get("error").asText()).isEqualTo("idempotency_conflict");

    Api.Res logs = api.get("/functions/v1/runs/" + id + "/logs", Api.bearer(fp.service()));
    assertThat(logs.status()).as(logs.text()).isEqualTo(200);
    assertThat(logs.text()).contains("handling " + id + " attempt 1 of 5").contains("finished with status 200");
  }

  @Test
  void a_retryable_failure_waits_for_its_backoff_on_the_emulator_clock_then_succeeds() {
    Api.Res c = create("{\"event_type\":\"order.paid\",\"idempotency_key\":\"flaky\",\"payload\":{\"flaky\":true},"
        + "\"retry\":{\"max_attempts\":3,\"min_delay_seconds\":600}}", null);
    assertThat(c.status()).as(c.text()).isEqualTo(201);
    String id = c.json().get("run_id").asText();
    JsonNode waiting = until(id, r -> r.get("status").asText().equals("retrying"));
    assertThat(waiting.get("last_attempt").get("response_status").asInt()).isEqualTo(500);
    assertThat(waiting.get("last_error").get("message").asText()).isEqualTo("not yet");
    Instant next = Instant.parse(waiting.get("attempts").get("next_attempt_at").asText());
    assertThat(Duration.between(local.now(), next)).isBetween(Duration.ofSeconds(590), Duration.ofSeconds(601));
    sleep(1500); // well within the ten-minute backoff: nothing happens on its own
    assertThat(get(id).get("status").asText()).isEqualTo("retrying");
    local.advanceClock(Duration.ofMinutes(11));
    JsonNode done = until(id, r -> r.get("terminal").asBoolean());
    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("succeeded");
    assertThat(done.get("attempts").get("current").asInt()).isEqualTo(2);
    assertThat(done.get("attempts").get("total").asInt()).isEqualTo(2);
    assertThat(done.get("last_error").isNull()).isTrue();
  }

  @Test
  void a_permanent_failure_fails_at_once_and_a_redrive_runs_it_as_a_new_generation() {
    String id = create("{\"event_type\":\"order.paid\",\"idempotency_key\":\"bad\",\"payload\":{\"bad\":true}}", null)
        .json().get("run_id").asText();
    JsonNode failed = until(id, r -> r.get("terminal").asBoolean());
    assertThat(failed.get("status").asText()).isEqualTo("failed");
    assertThat(failed.get("attempts").get("current").asInt()).isEqualTo(1);
    assertThat(failed.get("last_error").get("code").asText()).isEqualTo("function_run_permanent_error");
    assertThat(failed.get("next_actions").get(0).get("action").asText()).isEqualTo("redrive");
    Api.Res cancel = post("/functions/v1/runs/" + id + "/cancel", null);
    assertThat(cancel.status()).isEqualTo(409);

    Api.Res redrive = post("/functions/v1/runs/" + id + "/redrive", "{\"retry\":{\"max_attempts\":1}}");
    assertThat(redrive.status()).as(redrive.text()).isEqualTo(200);
    assertThat(redrive.json().get("generation").asInt()).isEqualTo(2);
    JsonNode again = until(id, r -> r.get("terminal").asBoolean() && r.get("generation").asInt() == 2);
    assertThat(again.get("status").asText()).isEqualTo("failed");
    assertThat(again.get("attempts").get("max").asInt()).isEqualTo(1);
    assertThat(again.get("attempts").get("total").asInt()).isEqualTo(2);
  }

  @Test
  void a_delayed_run_waits_scheduled_can_be_cancelled_and_redriven_and_runs_are_listed_newest_first() {
    String id = create("{\"event_type\":\"order.paid\",\"idempotency_key\":\"later\",\"delay_seconds\":3600}", null)
        .json().get("run_id").asText();
    assertThat(get(id).get("status").asText()).isEqualTo("scheduled");
    Api.Res cancel = post("/functions/v1/runs/" + id + "/cancel", null);
    assertThat(cancel.status()).as(cancel.text()).isEqualTo(200);
    assertThat(cancel.json().get("status").asText()).isEqualTo("cancelled");
    assertThat(post("/functions/v1/runs/" + id + "/cancel", null).status()).isEqualTo(409);
    assertThat(post("/functions/v1/runs/" + id + "/redrive", null).status()).isEqualTo(200);
    assertThat(until(id, r -> r.get("terminal").asBoolean()).get("status").asText()).isEqualTo("succeeded");

    create("{\"event_type\":\"order.paid\",\"idempotency_key\":\"second\"}", null);
    create("{\"event_type\":\"order.paid\",\"idempotency_key\":\"third\"}", null);
    JsonNode page1 = api.get("/functions/v1/orders/runs?limit=2", Api.bearer(fp.service())).json();
    assertThat(page1.get("runs")).hasSize(2);
    String cursor = page1.get("next_cursor").asText();
    JsonNode page2 = api.get("/functions/v1/orders/runs?limit=2&cursor=" + cursor, Api.bearer(fp.service())).json();
    assertThat(page2.get("runs")).hasSize(1);
    assertThat(page2.get("runs").get(0).get("run_id").asText()).isEqualTo(id);
    assertThat(page2.has("next_cursor")).isFalse();
  }

  @Test
  void runs_pause_while_the_lease_is_archived_and_resume_once_it_is_renewed() {
    local.engine().leases().renewedUntil(fp.wallet().address(), local.now().plus(Duration.ofDays(1)));
    String id = create("{\"event_type\":\"order.paid\",\"idempotency_key\":\"paused\",\"delay_seconds\":172800}", null)
        .json().get("run_id").asText();
    local.advanceClock(Duration.ofDays(9)); // 8 days after expiry: archived, and the run is due
    sleep(2500); // the worker looks every second and on the clock move
    FunctionRun paused = local.engine().functions().runs().get(fp.id(), id); // HTTP answers 404 while archived
    assertThat(paused.status()).isEqualTo("scheduled");
    assertThat(paused.attemptsTotal()).isZero();
    assertThat(paused.nextAttemptAt()).isAfter(local.now());

    local.engine().leases().renewedUntil(fp.wallet().address(), local.now().plus(Duration.ofDays(30)));
    local.advanceClock(Duration.ofMinutes(2));
    JsonNode done = until(id, r -> r.get("terminal").asBoolean());
    assertThat(done.get("status").asText()).isEqualTo("succeeded");
    assertThat(done.get("attempts").get("total").asInt()).isEqualTo(1);
  }

  @Test
  void bad_input_is_refused_in_the_envelope() {
    assertThat(create("{\"idempotency_key\":\"x\"}", null).status()).isEqualTo(400);
    assertThat(create("{\"event_type\":\"e\"}", null).status()).isEqualTo(400);
    assertThat(create("{\"event_type\":\"e\",\"idempotency_key\":\"x\",\"payload\":[1]}", null).status()).isEqualTo(400);
    assertThat(create("{\"event_type\":\"e\",\"idempotency_key\":\"x\",\"delay_seconds\":5,"
        + "\"run_at\":\"2030-01-01T00:00:00Z\"}", null).status()).isEqualTo(400);
    assertThat(create("{\"event_type\":\"e\",\"idempotency_key\":\"x\",\"delay_seconds\":1.5}", null).status())
        .as("a whole number of seconds").isEqualTo(400);
    String wide = "\u00e9".repeat(100_000); // 100k characters, 200 KB of UTF-8: over the limit in bytes
    assertThat(create("{\"event_type\":\"e\",\"idempotency_key\":\"x\",\"payload\":{\"t\":\"" + wide + wide + "\"}}",
        null).status()).as("the payload limit counts bytes").isEqualTo(400);
    assertThat(create("{\"event_type\":\"e\",\"idempotency_key\":\"x\",\"retry\":{\"max_attempts\":0}}", null)
        .status()).isEqualTo(400);
    assertThat(create("{\"event_type\":\"e\",\"idempotency_key\":\"x\",\"retry\":{\"preset\":\"standard\"}}", null)
        .status()).isEqualTo(501);
    Api.Res notJson = api.send("POST", "/functions/v1/orders/runs", Api.bearer(fp.service()), "{nope");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.json().has("error")).isTrue();
    assertThat(api.send("POST", "/functions/v1/missing/runs", Api.bearer(fp.service()),
        "{\"event_type\":\"e\",\"idempotency_key\":\"x\"}").status()).isEqualTo(404);
    assertThat(api.send("POST", "/functions/v1/orders/runs", Map.of("apikey", fp.anon()),
        "{\"event_type\":\"e\",\"idempotency_key\":\"x\"}").status()).isEqualTo(403);
    assertThat(api.send("POST", "/functions/v1/orders/runs", Map.of(), "{}").status()).isEqualTo(401);
    assertThat(api.get("/functions/v1/runs/fnrun_nope", Api.bearer(fp.service())).status()).isEqualTo(404);
    assertThat(api.get("/functions/v1/orders/runs?status=weird", Api.bearer(fp.service())).status()).isEqualTo(400);
    assertThat(api.get("/functions/v1/orders/runs?limit=0", Api.bearer(fp.service())).status()).isEqualTo(400);
  }

  private Api.Res create(String body, String key) {
    Map<String, String> h = new java.util.HashMap<>(Api.bearer(fp.service()));
    h.put("Content-Type", "application/json");
    if (key != null) {
      h.put("Idempotency-Key", key);
    }
    return api.send("POST", "/functions/v1/orders/runs", h, body);
  }

  private Api.Res post(String path, String body) {
    Map<String, String> h = new java.util.HashMap<>(Api.bearer(fp.service()));
    h.put("Content-Type", "application/json");
    return api.send("POST", path, h, body);
  }

  private JsonNode get(String id) {
    Api.Res r = api.get("/functions/v1/runs/" + id, Api.bearer(fp.service()));
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json();
  }

  /** Polls the run until {@code done} holds (at most 20 s). */
  private JsonNode until(String id, Predicate<JsonNode> done) {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < end) {
      last = get(id);
      if (done.test(last)) {
        return last;
      }
      sleep(100);
    }
    throw new AssertionError("run " + id + " did not get there within 20 s: " + last);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

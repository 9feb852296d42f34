package com.run402.local.runtime.mail.webhook;

import static com.run402.local.runtime.mail.webhook.MailboxScenario.log;
import static com.run402.local.runtime.mail.webhook.MailboxScenario.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.runtime.Engine;
import com.run402.local.runtime.EngineFixture;
import com.run402.local.runtime.error.ApiException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhook deliveries against a real local receiver: retries with backoff, failed_permanent after
 * the round's attempts, redrive, connection errors and a hanging receiver cut off by the timeout.
 * Short backoffs come in through RuntimeConfig; assertions poll, never sleep.
 */
class WebhookRetriesIT {
  static final WebhookOptions FAST =
      new WebhookOptions(3, Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ofMillis(500));
  static Engine engine;
  MailboxScenario mb;
  WebhookReceiver receiver;

  @BeforeAll
  static void start() throws Exception {
    engine = Engine.start(EngineFixture.config(Files.createTempDirectory("run402-it-"), true, "auto")
        .withWebhooks(FAST));
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    mb = new MailboxScenario(engine, "whk-" + System.nanoTime());
    receiver = WebhookReceiver.start();
  }

  @AfterEach
  void tearDown() {
    receiver.close();
  }

  @Test
  void fails_twice_then_delivers_on_the_third_attempt() throws Exception {
    receiver.replies(200, 500, 503);
    String wid = mb.webhook(receiver.url("/hook"));
    mb.send();

    Map<String, Object> d = mb.await(wid, status("delivered"));
    assertThat(d.get("attempts")).isEqualTo(3);
    assertThat(d.get("last_status")).isEqualTo(200);
    assertThat(d.get("delivered_at")).isNotNull();
    List<JsonNode> log = log(d);
    assertThat(log).extracting(e -> e.get("status_code").asInt()).containsExactly(500, 503, 200);
    assertThat(log).extracting(e -> e.get("error").isNull() ? null : e.get("error").asText())
        .containsExactly("HTTP 500", "HTTP 503", null);
    Instant first = Instant.parse(log.get(0).get("at").asText());
    Instant second = Instant.parse(log.get(1).get("at").asText());
    Instant third = Instant.parse(log.get(2).get("at").asText());
    assertThat(Duration.between(first, second)).as("first backoff").isGreaterThanOrEqualTo(Duration.ofMillis(50));
    assertThat(Duration.between(second, third)).as("doubled backoff").isGreaterThanOrEqualTo(Duration.ofMillis(100));

    String secret = (String) engine.mail().webhooks().get(mb.mailboxId, wid).get("secret");
    assertThat(receiver.received).hasSize(3).allSatisfy(r -> {
      assertThat(r.deliveryId()).isEqualTo(d.get("delivery_id"));
      assertThat(r.signature()).isEqualTo(WebhookSigner.sign(secret, r.body()));
    });
    assertThat(receiver.received).extracting(WebhookReceiver.Received::body).containsOnly(receiver.received.get(0).body());
  }

  @Test
  void always_failing_ends_failed_permanent_and_a_redrive_then_delivers() throws Exception {
    receiver.replies(500);
    String wid = mb.webhook(receiver.url("/down"));
    mb.send();

    Map<String, Object> failed = mb.await(wid, status("failed_permanent"));
    assertThat(failed.get("attempts")).isEqualTo(FAST.maxAttempts());
    assertThat(failed.get("next_attempt_at")).isNull();
    assertThat(failed.get("last_error")).isEqualTo("HTTP 500");
    assertThat(log(failed)).extracting(e -> e.get("attempt").asInt()).containsExactly(1, 2, 3);
    assertThat(log(failed)).allSatisfy(e -> assertThat(e.get("status_code").asInt()).isEqualTo(500));
    String deliveryId = (String) failed.get("delivery_id");
    assertThat(engine.mail().webhooks().deliveries(mb.mailboxId, "failed_permanent", null, null).get("deliveries"))
        .asList().hasSize(1);

    receiver.replies(200);
    Map<String, Object> requeued = engine.mail().webhooks().redrive(mb.mailboxId, deliveryId);
    assertThat(requeued.get("status")).isEqualTo("requeued");
    Map<String, Object> delivered = mb.await(wid, status("delivered"));
    assertThat(delivered.get("attempts")).isEqualTo(4);
    assertThat(log(delivered)).extracting(e -> e.get("status_code").asInt()).containsExactly(500, 500, 500, 200);
    assertThat(receiver.received).hasSize(4);

    assertThatThrownBy(() -> engine.mail().webhooks().redrive(mb.mailboxId, deliveryId))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(409));
  }

  @Test
  void a_redrive_that_fails_again_gets_a_full_new_round() throws Exception {
    receiver.replies(502);
    String wid = mb.webhook(receiver.url("/flaky"));
    mb.send();
    String deliveryId = (String) mb.await(wid, status("failed_permanent")).get("delivery_id");

    engine.mail().webhooks().redrive(mb.mailboxId, deliveryId);
    Map<String, Object> again = mb.await(wid, d -> "failed_permanent".equals(d.get("status"))
        && (int) d.get("attempts") == 2 * FAST.maxAttempts());
    assertThat(log(again)).hasSize(6).allSatisfy(e -> assertThat(e.get("status_code").asInt()).isEqualTo(502));
  }

  @Test
  void connection_errors_are_failed_attempts() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String wid = mb.webhook("http://127.0.0.1:" + closedPort + "/nobody");
    mb.send();

    Map<String, Object> d = mb.await(wid, status("failed_permanent"));
    assertThat(d.get("attempts")).isEqualTo(FAST.maxAttempts());
    assertThat(d.get("last_status")).isNull();
    assertThat(log(d)).hasSize(3).allSatisfy(e -> {
      assertThat(e.get("status_code").isNull()).isTrue();
      assertThat(e.get("error").asText()).contains("ConnectException");
    });
  }

  @Test
  void a_hanging_receiver_is_cut_off_by_the_timeout_and_counted() throws Exception {
    receiver.replies(200, WebhookReceiver.HANG);
    String wid = mb.webhook(receiver.url("/slow"));
    mb.send();

    Map<String, Object> d = mb.await(wid, status("delivered"));
    assertThat(d.get("attempts")).isEqualTo(2);
    JsonNode cut = log(d).get(0);
    assertThat(cut.get("status_code").isNull()).isTrue();
    assertThat(cut.get("error").asText()).isEqualTo("timed out after 500 ms");
    assertThat(cut.get("duration_ms").asLong()).isGreaterThanOrEqualTo(450);
    assertThat(log(d).get(1).get("status_code").asInt()).isEqualTo(200);
  }
}

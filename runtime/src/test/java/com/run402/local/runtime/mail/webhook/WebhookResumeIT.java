package com.run402.local.runtime.mail.webhook;

import static com.run402.local.runtime.mail.webhook.MailboxScenario.log;
import static com.run402.local.runtime.mail.webhook.MailboxScenario.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.run402.local.runtime.Engine;
import com.run402.local.runtime.EngineFixture;
import com.run402.local.runtime.RuntimeConfig;
import com.run402.local.runtime.db.Jdbc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Deliveries outlive the engine: what one run leaves pending (due now, due later) or in flight, the
 * next run on the same data dir picks up. Closing the engine stops its delivery threads.
 */
class WebhookResumeIT {

  @Test
  void pending_and_in_flight_deliveries_resume_after_a_restart() throws Exception {
    Path dataDir = Files.createTempDirectory("run402-it-resume-");
    RuntimeConfig persistent = EngineFixture.config(dataDir, false, "auto");
    String projectId;
    String mailboxId;
    String overdue;
    String inFlight;
    String later;
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      receiver.replies(500);
      // An hour between attempts: nothing retries before the restart unless the test says so.
      try (Engine first = Engine.start(persistent.withWebhooks(
          new WebhookOptions(5, Duration.ofHours(1), Duration.ofSeconds(2), Duration.ofSeconds(2))))) {
        MailboxScenario mb = new MailboxScenario(first, "whk-resume");
        projectId = mb.projectId;
        mailboxId = mb.mailboxId;
        overdue = mb.webhook(receiver.url("/overdue"));
        inFlight = mb.webhook(receiver.url("/in-flight"));
        later = mb.webhook(receiver.url("/later"));
        mb.send();
        for (String w : new String[] {overdue, inFlight, later}) {
          mb.await(w, d -> "pending".equals(d.get("status")) && (int) d.get("attempts") == 1);
        }
        // Time passes for one; the other is caught mid-attempt, as when the JVM dies during a POST.
        assertThat(Jdbc.update(first.db().admin(), "UPDATE internal.email_webhook_deliveries "
            + "SET next_attempt_at = now() - interval '1 minute' WHERE webhook_id = ?", overdue)).isEqualTo(1);
        assertThat(Jdbc.update(first.db().admin(), "UPDATE internal.email_webhook_deliveries SET status = 'in_flight' "
            + "WHERE webhook_id = ?", inFlight)).isEqualTo(1);
      }
      assertThat(Thread.getAllStackTraces().keySet()).as("delivery threads stop with the engine")
          .noneMatch(t -> t.isAlive() && t.getName().startsWith("run402-mail-webhooks"));

      receiver.replies(200);
      // Second run: ephemeral, so it deletes the data dir on close.
      try (Engine second = Engine.start(new RuntimeConfig(dataDir, true, persistent.cacheDir(),
          persistent.pgIsolation(), null, persistent.startTimeout(), persistent.sqlStatementTimeout(),
          persistent.clock()).withWebhooks(WebhookRetriesIT.FAST))) {
        MailboxScenario mb = new MailboxScenario(second, projectId, mailboxId);
        for (String w : new String[] {overdue, inFlight}) {
          Map<String, Object> d = mb.await(w, status("delivered"));
          assertThat(d.get("attempts")).as(w).isEqualTo(2);
          assertThat(log(d)).extracting(e -> e.get("status_code").asInt()).containsExactly(500, 200);
        }
        Map<String, Object> notYet = mb.delivery(later);
        assertThat(notYet.get("status")).as("still waiting for its next attempt in an hour").isEqualTo("pending");
        assertThat(notYet.get("attempts")).isEqualTo(1);
        assertThat(receiver.received).extracting(WebhookReceiver.Received::path)
            .containsOnly("/overdue", "/in-flight", "/later")
            .filteredOn("/later"::equals).hasSize(1);
      }
    }
  }
}

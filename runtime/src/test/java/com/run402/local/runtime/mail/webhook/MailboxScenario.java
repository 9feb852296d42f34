package com.run402.local.runtime.mail.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.Engine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** A project with one mailbox on an engine: register webhooks, send mail, wait for deliveries. */
final class MailboxScenario {
  final Engine engine;
  final String projectId;
  final String mailboxId;

  MailboxScenario(Engine engine, String name) {
    this.engine = engine;
    ObjectNode p = engine.json().createObjectNode().put("name", name);
    this.projectId = engine.projects().provision(null, p, null, "http://127.0.0.1:1").body().get("project_id").asText();
    String slug = "w" + Long.toString(System.nanoTime(), 36);
    this.mailboxId = (String) engine.mail().mailboxes().create(projectId, engine.json().createObjectNode().put("slug", slug))
        .get("mailbox_id");
  }

  /** Reopens a scenario on a restarted engine. */
  MailboxScenario(Engine engine, String projectId, String mailboxId) {
    this.engine = engine;
    this.projectId = projectId;
    this.mailboxId = mailboxId;
  }

  String webhook(String url) {
    ObjectNode body = engine.json().createObjectNode().put("url", url);
    body.putArray("events").add("delivery");
    return (String) engine.mail().webhooks().register(mailboxId, body).get("webhook_id");
  }

  void send() {
    engine.mail().sender().send(projectId, mailboxId, engine.json().createObjectNode().put("to", "someone@example.com")
        .put("subject", "hello").put("html", "<p>hello</p>"));
  }

  @SuppressWarnings("unchecked")
  List<Map<String, Object>> deliveries() {
    return (List<Map<String, Object>>) engine.mail().webhooks().deliveries(mailboxId, null, null, null).get("deliveries");
  }

  Map<String, Object> delivery(String webhookId) {
    return deliveries().stream().filter(d -> webhookId.equals(d.get("webhook_id"))).findFirst().orElse(null);
  }

  /** Polls the webhook's delivery until {@code done} holds; fails with the last state seen after a minute. */
  Map<String, Object> await(String webhookId, Predicate<Map<String, Object>> done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Map<String, Object> last = null;
    while (System.nanoTime() < deadline) {
      last = delivery(webhookId);
      if (last != null && done.test(last)) {
        return last;
      }
      Thread.sleep(25);
    }
    throw new AssertionError("webhook " + webhookId + " delivery never reached the expected state; last: " + last);
  }

  static Predicate<Map<String, Object>> status(String status) {
    return d -> status.equals(d.get("status"));
  }

  static List<JsonNode> log(Map<String, Object> delivery) {
    List<JsonNode> out = new java.util.ArrayList<>();
    ((JsonNode) delivery.get("attempt_log")).forEach(out::add);
    return out;
  }
}

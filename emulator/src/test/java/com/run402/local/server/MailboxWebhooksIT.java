package com.run402.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.LocalProject;
import com.run402.local.Run402Local;
import com.run402.local.junit5.Run402Test;
import com.run402.local.testsupport.Api;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@Run402Test
class MailboxWebhooksIT {
  Api api;
  Map<String, String> sk;
  String base;

  @BeforeEach
  void setUp(Run402Local local) {
    api = new Api(local.baseUri());
    LocalProject p = local.createProject("whk-" + System.nanoTime());
    sk = Api.bearer(p.serviceKey());
    String id = api.postJson("/mailboxes/v1", sk, "{\"slug\":\"w" + Long.toString(System.nanoTime(), 36) + "\"}")
        .json().get("mailbox_id").asText();
    base = "/mailboxes/v1/" + id + "/webhooks";
  }

  void error(Api.Res r, int status, String message) {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    assertThat(r.json().get("message").asText()).isEqualTo(message);
  }

  @Test
  void crud_and_bad_input() {
    error(api.postJson(base, sk, "{\"url\":\"ftp://x.test/h\",\"events\":[\"delivery\"]}"), 400,
        "Invalid url: must use http:// or https://");
    error(api.postJson(base, sk, "{\"url\":\"not a url\",\"events\":[\"delivery\"]}"), 400,
        "Invalid url: must be an absolute http:// or https:// URL");
    error(api.postJson(base, sk, "{\"url\":\"https://x.test/h\",\"events\":[]}"), 400,
        "Missing or invalid 'events' array");
    error(api.postJson(base, sk, "{\"url\":\"https://x.test/h\",\"events\":[\"delivered\"]}"), 400,
        "Invalid event: delivered. Valid events: delivery, bounced, complained, reply_received");
    Api.Res c = api.postJson(base, sk, "{\"url\":\"https://x.test/h\",\"events\":[\"delivery\"]}");
    assertThat(c.status()).as(c.text()).isEqualTo(201);
    String wid = c.json().get("webhook_id").asText();
    assertThat(api.get(base, sk).json().get("webhooks")).hasSize(1);
    error(api.send("PATCH", base + "/" + wid, sk, "{}"), 400, "Provide at least one of 'url' or 'events' to update");
    JsonNode u = api.send("PATCH", base + "/" + wid, sk, "{\"events\":[\"bounced\"]}").json();
    assertThat(u.get("events").get(0).asText()).isEqualTo("bounced");
    assertThat(api.send("DELETE", base + "/" + wid, sk, "").status()).isEqualTo(204);
    assertThat(api.send("DELETE", base + "/" + wid, sk, "").status()).isEqualTo(204);
    error(api.get(base + "/" + wid, sk), 404, "Webhook not found");
    error(api.get(base + "/deliveries?status=nope", sk), 400,
        "Invalid status. Valid statuses: pending, in_flight, delivered, failed_permanent");
    error(api.send("POST", base + "/deliveries/whd_1_nope00/redrive", sk, ""), 404, "Delivery not found");
    assertThat(api.get(base + "/deliveries", sk).json().get("deliveries")).isEmpty();
  }

  @Test
  void deleting_a_webhook_ends_its_waiting_deliveries_as_failed() throws Exception {
    String mailbox = base.substring("/mailboxes/v1/".length(), base.length() - "/webhooks".length());
    Api.Res c = api.postJson(base, sk, "{\"url\":\"http://127.0.0.1:9/refused\",\"events\":[\"delivery\"]}");
    assertThat(c.status()).as(c.text()).isEqualTo(201);
    String hook = c.json().get("webhook_id").asText();
    Api.Res sent = api.postJson("/mailboxes/v1/" + mailbox + "/messages", sk,
        "{\"to\":\"a@b.co\",\"subject\":\"s\",\"html\":\"h\"}");
    assertThat(sent.status()).as(sent.text()).isEqualTo(201);
    long deadline = System.nanoTime() + 20_000_000_000L;
    com.fasterxml.jackson.databind.JsonNode d = null;
    while (d == null || d.get("attempts").asInt() < 1 || !d.get("status").asText().equals("pending")) {
      assertThat(System.nanoTime()).as("a failed first attempt, its retry waiting: " + d).isLessThan(deadline);
      Thread.sleep(100);
      d = api.get(base + "/deliveries", sk).json().get("deliveries").get(0);
    }
    assertThat(api.send("DELETE", base + "/" + hook, sk, null).status()).isBetween(200, 204);
    var after = api.get(base + "/deliveries", sk).json().get("deliveries").get(0);
    assertThat(after.get("status").asText()).as(after.toString()).isEqualTo("failed_permanent");
    assertThat(after.get("last_error").asText()).isEqualTo("The webhook was deleted");
    assertThat(after.get("next_attempt_at").isNull()).isTrue();
  }
}

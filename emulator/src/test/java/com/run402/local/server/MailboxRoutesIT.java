package com.run402.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.run402.local.LocalProject;
import com.run402.local.Run402Local;
import com.run402.local.junit5.Run402Test;
import com.run402.local.testsupport.Api;
import com.run402.local.testsupport.OneProjectPerTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@Run402Test
class MailboxRoutesIT extends OneProjectPerTest {
  Map<String, String> sk;

  @BeforeEach
  void setUp() {
    sk = Api.bearer(p.serviceKey());
  }

  String slug() {
    return "s" + Long.toString(System.nanoTime(), 36);
  }

  void error(Api.Res r, int status, String message) {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    assertThat(r.json().get("message").asText()).isEqualTo(message);
    assertThat(r.json().get("error").isTextual()).isTrue();
  }

  @Test
  void create_list_get_patch_delete_and_slug_rules() {
    Api.Res c = api.postJson("/mailboxes/v1", sk, "{\"slug\":\"" + slug() + "\"}");
    assertThat(c.status()).as(c.text()).isEqualTo(201);
    String id = c.json().get("mailbox_id").asText();
    assertThat(c.json().get("is_default_outbound").asBoolean()).isTrue();
    assertThat(api.get("/mailboxes/v1", sk).json().get("mailboxes").get(0).get("mailbox_id").asText()).isEqualTo(id);
    assertThat(api.get("/mailboxes/v1/" + id, sk).status()).isEqualTo(200);
    Api.Res patched = api.send("PATCH", "/mailboxes/v1/" + id, sk, "{\"footer_policy\":\"omit\"}");
    assertThat(patched.json().get("footer_policy").asText()).isEqualTo("omit");
    error(api.send("PATCH", "/mailboxes/v1/" + id, sk, "{\"footer_policy\":7}"), 400,
        "Missing or invalid 'footer_policy' field. Valid values: default, omit");
    String slug = c.json().get("slug").asText();
    error(api.postJson("/mailboxes/v1", sk, "{\"slug\":\"" + slug + "\"}"), 409, "Slug already in use");
    assertThat(api.send("DELETE", "/mailboxes/v1/" + id, sk, "").json().get("status").asText()).isEqualTo("deleted");
    error(api.postJson("/mailboxes/v1", sk, "{\"slug\":\"" + slug + "\"}"), 409, "Address is in cooldown period");
    error(api.get("/mailboxes/v1/" + id, sk), 404, "Mailbox not found");

    error(api.postJson("/mailboxes/v1", sk, "{}"), 400, "Missing or invalid 'slug' field");
    error(api.postJson("/mailboxes/v1", sk, "{\"slug\":\"Abc\"}"), 400, "Slug must be lowercase");
    error(api.postJson("/mailboxes/v1", sk, "{\"slug\":\"ab\"}"), 400, "Slug must be 3-63 characters");
    error(api.postJson("/mailboxes/v1", sk, "{\"slug\":\"a--b\"}"), 400, "Slug must not contain consecutive hyphens");
    error(api.postJson("/mailboxes/v1", sk, "{\"slug\":\"-ab\"}"), 400, "Slug must contain only lowercase letters, "
        + "numbers, and hyphens, and must start and end with a letter or number");
    error(api.postJson("/mailboxes/v1", sk, "{\"slug\":\"postmaster\"}"), 400, "Slug \"postmaster\" is reserved");
    for (int i = 0; i < 5; i++) {
      assertThat(api.postJson("/mailboxes/v1", sk, "{\"slug\":\"" + slug() + "\"}").status()).isEqualTo(201);
    }
    error(api.postJson("/mailboxes/v1", sk, "{\"slug\":\"" + slug() + "\"}"), 409, "Project mailbox limit reached (5)");
    error(api.get("/mailboxes/v1/mbx_1_nope00", sk), 404, "Mailbox not found");
    assertThat(api.get("/mailboxes/v1", Map.of()).status()).isEqualTo(401);
    error(api.send("PATCH", "/mailboxes/v1/settings", sk, "{\"default_outbound_mailbox_id\":\"mbx_1_nope00\"}"), 404,
        "Mailbox not found");
  }

  @Test
  void send_validates_like_production_and_never_500s(Run402Local local) {
    String id = api.postJson("/mailboxes/v1", sk, "{\"slug\":\"" + slug() + "\"}").json().get("mailbox_id").asText();
    String path = "/mailboxes/v1/" + id + "/messages";
    error(api.postJson(path, sk, "{\"to\":[\"a@b.co\"],\"subject\":\"s\",\"html\":\"h\"}"), 400,
        "Missing or invalid 'to' field — must be a single email address");
    error(api.postJson(path, sk, "{\"to\":\"a@b.co\"}"), 400,
        "Provide either 'template' + 'variables', or 'subject' + 'html' for raw mode");
    error(api.postJson(path, sk, "{\"to\":\"a@b.co\",\"template\":\"nope\",\"variables\":{}}"), 400,
        "Unknown template. Valid templates: project_invite, magic_link, notification");
    error(api.postJson(path, sk, "{\"to\":\"a@b.co\",\"template\":\"notification\",\"variables\":{\"project_name\":\"x\"}}"),
        400, "Missing required variable: message");
    error(api.postJson(path, sk, "{\"to\":\"a@b.co\",\"template\":\"notification\",\"variables\":{\"project_name\":\"x\","
        + "\"message\":\"" + "m".repeat(501) + "\"}}"), 400, "Message exceeds 500 character limit");
    error(api.postJson(path, sk, "{\"to\":\"a@b.co\",\"html\":\"h\"}"), 400, "Subject is required for raw email");
    error(api.postJson(path, sk, "{\"to\":\"a@b.co\",\"subject\":\"s\"}"), 400, "HTML body is required for raw email");
    error(api.postJson(path, sk, "{\"to\":\"a@b.co\",\"subject\":\"s\",\"html\":\"h\",\"from_name\":\"<x>\"}"), 400,
        "Display name contains invalid characters");
    error(api.postJson(path, sk, "{\"to\":\"a@b.co\",\"subject\":\"s\",\"html\":\"h\",\"attachments\":"
        + "[{\"filename\":\"f\",\"content_base64\":\"@@not-base64\",\"content_type\":\"text/plain\"}]}"), 400,
        "attachments[0].content_base64 is not valid base64");
    error(api.postJson(path, sk, "{\"to\":\"a@b.co\",\"subject\":\"s\",\"html\":\"h\",\"attachments\":{}}"), 400,
        "'attachments' must be an array of {filename, content_base64, content_type}");
    error(api.postJson("/mailboxes/v1/mbx_1_nope00/messages", sk, "{\"to\":\"a@b.co\",\"subject\":\"s\",\"html\":\"h\"}"),
        404, "Mailbox not found");
    Api.Res ok = api.postJson(path, sk, "{\"to\":\"a@b.co\",\"template\":\"magic_link\",\"variables\":"
        + "{\"project_name\":\"X\",\"link_url\":\"http://l\"}}");
    assertThat(ok.status()).as(ok.text()).isEqualTo(201);
    String mid = ok.json().get("message_id").asText();
    assertThat(api.get(path + "/" + mid, sk).json().get("template").asText()).isEqualTo("magic_link");
    error(api.get(path + "/msg_1_nope00", sk), 404, "Message not found");
    error(api.get(path + "?limit=0", sk), 400, "limit must be an integer between 1 and 100");
    assertThat(local.engine().mail().catcher().get(mid)).isPresent();
    LocalProject other = local.createProject("mbx-other-" + System.nanoTime());
    error(api.get("/mailboxes/v1/" + id, Api.bearer(other.serviceKey())), 403, "Mailbox owned by different project");
  }

  @Test
  void messages_page_newest_first_with_a_keyset_cursor() {
    String id = api.postJson("/mailboxes/v1", sk, "{\"slug\":\"" + slug() + "\"}").json().get("mailbox_id").asText();
    String path = "/mailboxes/v1/" + id + "/messages";
    java.util.List<String> sent = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Api.Res r = api.postJson(path, sk, "{\"to\":\"a@b.co\",\"subject\":\"s" + i + "\",\"html\":\"h\"}");
      assertThat(r.status()).as(r.text()).isEqualTo(201);
      sent.add(0, r.json().get("message_id").asText()); // newest first
    }
    var first = api.get(path + "?limit=2", sk).json();
    assertThat(first.get("messages").findValuesAsText("message_id")).containsExactly(sent.get(0), sent.get(1));
    assertThat(first.get("has_more").asBoolean()).isTrue();
    assertThat(first.get("next_cursor").asText()).isEqualTo(sent.get(1));
    var second = api.get(path + "?limit=2&after=" + sent.get(1), sk).json();
    assertThat(second.get("messages").findValuesAsText("message_id")).containsExactly(sent.get(2));
    assertThat(second.get("has_more").asBoolean()).isFalse();
    assertThat(second.get("next_cursor").isNull()).isTrue();
    assertThat(api.get(path + "?after=msg_1_nope00", sk).json().get("messages")).hasSize(3);
  }
}

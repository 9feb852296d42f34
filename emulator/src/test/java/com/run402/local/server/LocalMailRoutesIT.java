package com.run402.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.junit5.Run402Test;
import com.run402.local.runtime.mail.OutboundEmail;
import com.run402.local.testsupport.Api;
import com.run402.local.testsupport.OneProjectPerTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@Run402Test
class LocalMailRoutesIT extends OneProjectPerTest {


  @Test
  void caught_mail_is_listed_newest_first_and_readable_as_parsed_fields_and_rfc822() {
    String first = local.engine().mail().catcher().send(OutboundEmail.text(p.projectId(), "noreply@mail.run402.com",
        "alice@example.com", "Your sign-in link", "Open http://x/magic?t=1", "magic_link"));
    String second = local.engine().mail().catcher().send(new OutboundEmail(p.projectId(), null, "\"Shop\" <shop@mail.run402.com>",
        "bob@example.com", "Grüße & invoice", "see attached", "<p>see attached</p>",
        List.of(new OutboundEmail.Attachment("invoice.txt", "text/plain", "total 42".getBytes(StandardCharsets.UTF_8))),
        null));
    assertThat(first).matches("msg_\\d+_[0-9a-z]{6}");

    Api.Res all = api.get("/__local/mail?project_id=" + p.projectId(), Map.of());
    assertThat(all.status()).as(all.text()).isEqualTo(200);
    JsonNode msgs = all.json().get("messages");
    assertThat(msgs).hasSize(2);
    assertThat(msgs.get(0).get("id").asText()).isEqualTo(second);
    assertThat(msgs.get(1).get("id").asText()).isEqualTo(first);
    assertThat(msgs.get(0).get("attachments").get(0).get("filename").asText()).isEqualTo("invoice.txt");

    Api.Res toAlice = api.get("/__local/mail?to=ALICE@example.com", Map.of());
    assertThat(toAlice.json().get("messages")).extracting(m -> m.get("id").asText()).contains(first)
        .doesNotContain(second);

    Api.Res one = api.get("/__local/mail/" + second, Map.of());
    assertThat(one.status()).isEqualTo(200);
    JsonNode d = one.json();
    assertThat(d.get("to").asText()).isEqualTo("bob@example.com");
    assertThat(d.get("subject").asText()).isEqualTo("Grüße & invoice");
    assertThat(d.get("html").asText()).isEqualTo("<p>see attached</p>");
    String raw = d.get("raw").asText();
    assertThat(raw).contains("To: bob@example.com", "Subject: =?UTF-8?", "multipart/mixed", "multipart/alternative",
        "filename=invoice.txt", "Message-ID: <" + second + "@mail.run402.local>");

    Api.Res rawRes = api.get("/__local/mail/" + first + "/raw", Map.of());
    assertThat(rawRes.status()).isEqualTo(200);
    assertThat(rawRes.raw().headers().firstValue("Content-Type").orElse("")).startsWith("message/rfc822");
    assertThat(rawRes.text()).contains("Subject: Your sign-in link", "X-Run402-Template: magic_link",
        "Open http://x/magic?t=1");
  }

  @Test
  void unknown_ids_and_bad_limits_are_clear_4xx() {
    Api.Res missing = api.get("/__local/mail/msg_1_nothere", Map.of());
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().get("error").asText()).isEqualTo("not_found");
    for (String bad : List.of("0", "abc", "501")) {
      Api.Res r = api.get("/__local/mail?limit=" + bad, Map.of());
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.json().get("message").asText()).contains("limit");
    }
  }

  @Test
  void reset_forgets_caught_mail() {
    String id = local.engine().mail().catcher().send(OutboundEmail.text(null, "a@mail.run402.com", "c@example.com", "s", "t",
        null));
    assertThat(api.send("POST", "/__local/reset", Map.of(), "").status()).isEqualTo(200);
    assertThat(api.get("/__local/mail/" + id, Map.of()).status()).isEqualTo(404);
  }
}

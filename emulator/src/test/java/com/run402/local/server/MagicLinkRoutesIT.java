package com.run402.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.LocalProject;
import com.run402.local.junit5.Run402Test;
import com.run402.local.testsupport.Api;
import com.run402.local.testsupport.OneProjectPerTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Magic links, email codes and invites: mail in the catcher, production's statuses and messages. */
@Run402Test
class MagicLinkRoutesIT extends OneProjectPerTest {
  private static final String SENT = "If this email is valid, a magic link has been sent.";
  private static final String BAD_LINK = "Invalid, expired, or already used magic link token";
  private static final String REDIRECT = "http://localhost:5173/auth/callback";
  private static final Pattern TOKEN = Pattern.compile("[?&]token=([A-Za-z0-9_%-]+)");
  private static final Pattern CODE = Pattern.compile("sign-in code: (\\d{6})");



  Map<String, String> anon() {
    return Map.of("apikey", p.anonKey());
  }

  Map<String, String> service() {
    Map<String, String> h = new HashMap<>(anon());
    h.put("Authorization", "Bearer " + p.serviceKey());
    return h;
  }

  Api.Res request(String body) {
    return api.postJson("/auth/v1/magic-link", anon(), body);
  }

  Api.Res verify(String token) {
    return api.postJson("/auth/v1/token?grant_type=magic_link", anon(), "{\"token\":\"" + token + "\"}");
  }

  /** The text of the newest caught mail to {@code to}. */
  String lastMail(String to) {
    JsonNode list = api.get("/__local/mail?to=" + URLEncoder.encode(to, StandardCharsets.UTF_8), Map.of()).json();
    assertThat(list.get("messages").size()).as(list.toString()).isPositive();
    return api.get("/__local/mail/" + list.get("messages").get(0).get("id").asText(), Map.of()).json().get("text").asText();
  }

  static String find(Pattern p, String text) {
    Matcher m = p.matcher(text);
    assertThat(m.find()).as(text).isTrue();
    return java.net.URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
  }

  static void refused(Api.Res r, int status, String message) {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    assertThat(r.json().get("message").asText()).as(r.text()).isEqualTo(message);
    assertThat(r.json().get("error").isTextual()).isTrue();
  }

  @Test
  void a_link_signs_in_once_and_creates_a_verified_user() {
    Api.Res sent = request("{\"email\":\"Ann@Example.com\",\"redirect_url\":\"" + REDIRECT + "?next=/app\","
        + "\"client_state\":{\"cart\":3}}");
    assertThat(sent.status()).as(sent.text()).isEqualTo(200);
    assertThat(sent.json().get("message").asText()).isEqualTo(SENT);
    assertThat(sent.json().has("challenge_id")).isFalse();
    assertThat(sent.raw().headers().firstValue("Cache-Control")).contains("no-store");
    String text = lastMail("ann@example.com");
    assertThat(text).contains(REDIRECT + "?next=/app&token=").contains("15 minutes");
    String token = find(TOKEN, text);
    assertThat(token).matches("[A-Za-z0-9_-]{43}");

    Api.Res s = verify(token);
    assertThat(s.status()).as(s.text()).isEqualTo(200);
    assertThat(s.json().get("token_type").asText()).isEqualTo("bearer");
    assertThat(s.json().get("expires_in").asInt()).isEqualTo(3600);
    assertThat(s.json().get("user").get("email").asText()).isEqualTo("ann@example.com");
    JsonNode m = s.json().get("magic_link");
    assertThat(m.get("intent").asText()).isEqualTo("signin");
    assertThat(m.get("client_state").asText()).isEqualTo("{\"cart\":3}");
    assertThat(m.get("state_source").asText()).isEqualTo("anonymous");
    assertThat(m.get("state_trusted").asBoolean()).isFalse();
    assertThat(m.get("verified_with").asText()).isEqualTo("link");
    Map<String, String> bearer = new HashMap<>(anon());
    bearer.put("Authorization", "Bearer " + s.json().get("access_token").asText());
    JsonNode me = api.get("/auth/v1/user", bearer).json();
    assertThat(me.get("email").asText()).isEqualTo("ann@example.com");
    assertThat(me.get("email_verified_at").isTextual()).isTrue();

    refused(verify(token), 401, BAD_LINK);
    refused(verify("nope"), 401, BAD_LINK);
    refused(api.postJson("/auth/v1/token?grant_type=magic_link", anon(), "{}"), 400, "token required");
  }

  @Test
  void a_newer_link_spends_the_older_one_and_expiry_is_refused() throws Exception {
    request("{\"email\":\"bo@example.com\",\"redirect_url\":\"" + REDIRECT + "\"}");
    String first = find(TOKEN, lastMail("bo@example.com"));
    request("{\"email\":\"bo@example.com\",\"redirect_url\":\"" + REDIRECT + "\"}");
    String second = find(TOKEN, lastMail("bo@example.com"));
    refused(verify(first), 401, BAD_LINK);
    try (Connection c = local.engine().db().adminConnection(); PreparedStatement ps = c.prepareStatement(
        "UPDATE internal.magic_links SET expires_at = now() - interval '1 second' WHERE project_id = ?")) {
      ps.setString(1, p.projectId());
      ps.executeUpdate();
    }
    refused(verify(second), 401, BAD_LINK);

    LocalProject other = local.createProject("magic-other-" + System.nanoTime());
    request("{\"email\":\"bo@example.com\",\"redirect_url\":\"" + REDIRECT + "\"}");
    String third = find(TOKEN, lastMail("bo@example.com"));
    refused(api.postJson("/auth/v1/token?grant_type=magic_link", Map.of("apikey", other.anonKey()),
        "{\"token\":\"" + third + "\"}"), 401, "Magic link was issued for a different project");
  }

  @Test
  void bad_input_gets_production_messages_and_the_email_is_throttled() {
    refused(request("{}"), 400, "email required");
    refused(request("{\"email\":\"not-an-email\",\"redirect_url\":\"" + REDIRECT + "\"}"), 400,
        "Invalid email: must be a valid email address");
    refused(request("{\"email\":\"a@example.com\"}"), 400, "redirect_url required");
    for (String bad : new String[] {"https://evil.example.com/cb", "javascript:alert(1)", "http://localhost.evil.com/",
        "https://myapp.run402.com/cb", "not a url", "http://user@localhost/"}) {
      refused(request("{\"email\":\"a@example.com\",\"redirect_url\":\"" + bad + "\"}"), 400,
          "redirect_url is not an allowed origin for this project");
    }
    refused(request("{\"email\":\"a@example.com\",\"redirect_url\":\"" + REDIRECT + "\",\"delivery\":\"sms\"}"), 400,
        "delivery must be one of: link, code, both");
    refused(request("{\"email\":\"a@example.com\",\"redirect_url\":\"" + REDIRECT + "\",\"intent\":\"x\"}"), 400,
        "intent must be one of: signin, invite, claim, recovery");
    refused(request("{\"email\":\"a@example.com\",\"redirect_url\":\"" + REDIRECT + "\",\"intent\":\"invite\"}"), 403,
        "Service key required for intent 'invite'");
    refused(api.postJson("/auth/v1/magic-link", Map.of(), "{}"), 401, "Missing apikey header");

    String body = "{\"email\":\"t@example.com\",\"redirect_url\":\"http://127.0.0.1:8080/\"}";
    for (int i = 0; i < 5; i++) {
      assertThat(request(body).status()).isEqualTo(200);
    }
    Api.Res limited = request(body);
    refused(limited, 429, "Too many magic link requests");
    assertThat(limited.json().get("reason").asText()).isEqualTo("per_email");
    assertThat(limited.raw().headers().firstValue("Retry-After")).contains("3600");
  }

  @Test
  void a_code_signs_in_and_wrong_codes_burn_the_challenge() {
    Api.Res sent = request("{\"email\":\"cy@example.com\",\"delivery\":\"code\"}");
    assertThat(sent.status()).as(sent.text()).isEqualTo(200);
    String challenge = sent.json().get("challenge_id").asText();
    String code = find(CODE, lastMail("cy@example.com"));
    String wrong = code.equals("000000") ? "111111" : "000000";
    String grant = "/auth/v1/token?grant_type=email_code";
    refused(api.postJson(grant, anon(), "{\"challenge_id\":\"" + challenge + "\",\"code\":\"" + wrong + "\"}"), 401,
        "Invalid, expired, or already used code");
    refused(api.postJson(grant, anon(), "{\"code\":\"123456\"}"), 400, "challenge_id and code required");
    Api.Res s = api.postJson(grant, anon(), "{\"challenge_id\":\"" + challenge + "\",\"code\":\"" + code + "\"}");
    assertThat(s.status()).as(s.text()).isEqualTo(200);
    assertThat(s.json().get("magic_link").get("verified_with").asText()).isEqualTo("code");
    refused(api.postJson(grant, anon(), "{\"challenge_id\":\"" + challenge + "\",\"code\":\"" + code + "\"}"), 401,
        "Invalid, expired, or already used code");

    Api.Res both = request("{\"email\":\"cy@example.com\",\"delivery\":\"both\",\"redirect_url\":\"" + REDIRECT + "\"}");
    String mail = lastMail("cy@example.com");
    String c2 = find(CODE, mail);
    String w2 = c2.equals("000000") ? "111111" : "000000";
    for (int i = 0; i < 5; i++) {
      api.postJson(grant, anon(), "{\"challenge_id\":\"" + both.json().get("challenge_id").asText() + "\",\"code\":\""
          + w2 + "\"}");
    }
    refused(api.postJson(grant, anon(), "{\"challenge_id\":\"" + both.json().get("challenge_id").asText()
        + "\",\"code\":\"" + c2 + "\"}"), 401, "Invalid, expired, or already used code");
    refused(verify(find(TOKEN, mail)), 401, BAD_LINK); // the link of the burnt challenge is spent too
  }

  @Test
  void signup_rules_apply_and_invites_are_trusted() {
    api.send("PATCH", "/auth/v1/settings", service(), "{\"public_signup\":\"invite_only\"}");
    Api.Res sent = request("{\"email\":\"stranger@example.com\",\"redirect_url\":\"" + REDIRECT + "\"}");
    assertThat(sent.json().get("message").asText()).isEqualTo(SENT);
    JsonNode none = api.get("/__local/mail?to=stranger@example.com", Map.of()).json();
    assertThat(none.get("messages").size()).as("nothing is mailed to an address that may not sign up").isZero();

    Api.Res made = api.postJson("/auth/v1/admin/users", service(), "{\"email\":\"Guest@example.com\","
        + "\"send_invite\":true,\"redirect_url\":\"" + REDIRECT + "\",\"client_state\":\"team-7\"}");
    assertThat(made.status()).as(made.text()).isEqualTo(200);
    assertThat(made.json().get("invite_sent").asBoolean()).isTrue();
    String text = lastMail("guest@example.com");
    Api.Res s = verify(find(TOKEN, text));
    assertThat(s.status()).as(s.text()).isEqualTo(200);
    JsonNode m = s.json().get("magic_link");
    assertThat(m.get("intent").asText()).isEqualTo("invite");
    assertThat(m.get("client_state").asText()).isEqualTo("team-7");
    assertThat(m.get("state_source").asText()).isEqualTo("service_key");
    assertThat(m.get("state_trusted").asBoolean()).isTrue();

    JsonNode prov = api.get("/auth/v1/providers", anon()).json().get("magic_link");
    assertThat(prov.get("enabled").asBoolean()).isTrue();
    assertThat(prov.get("delivery_modes").toString()).isEqualTo("[\"link\",\"code\",\"both\"]");
  }
}

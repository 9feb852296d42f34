package com.run402.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.LocalProject;
import com.run402.local.junit5.Run402Test;
import com.run402.local.testsupport.Api;
import com.run402.local.testsupport.OneProjectPerTest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** /auth/v1, promotion and the JWKS: production's statuses and messages, and every refusal a clear 4xx. */
@Run402Test
class AuthRoutesIT extends OneProjectPerTest {


  Map<String, String> anon() {
    return Map.of("apikey", p.anonKey());
  }

  Map<String, String> anonWith(String bearer) {
    Map<String, String> h = new HashMap<>(anon());
    h.put("Authorization", "Bearer " + bearer);
    return h;
  }

  Api.Res signup(String email, String password) {
    return api.postJson("/auth/v1/signup", anon(), "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
  }

  Api.Res login(String email, String password) {
    return api.postJson("/auth/v1/token?grant_type=password", anon(),
        "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
  }

  static void refused(Api.Res r, int status, String message) {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    assertThat(r.json().get("message").asText()).as(r.text()).isEqualTo(message);
    assertThat(r.json().get("error").isTextual()).isTrue();
  }

  @Test
  void signup_and_login_refusals_use_production_messages() {
    refused(api.postJson("/auth/v1/signup", Map.of(), "{}"), 401, "Missing apikey header");
    refused(api.postJson("/auth/v1/signup", Map.of("apikey", "nope"), "{}"), 401, "Invalid apikey");
    refused(api.postJson("/auth/v1/signup", anon(), "{\"email\":\"a@b.co\"}"), 400, "email and password required");
    refused(api.postJson("/auth/v1/signup", anon(), "not json"), 400, "Invalid JSON in request body");
    refused(signup("not-an-email", "pw"), 400, "Invalid email: must be a valid email address");
    Api.Res ok = signup("Ann@Example.com", "pw-1");
    assertThat(ok.status()).as(ok.text()).isEqualTo(201);
    assertThat(ok.json().get("email").asText()).isEqualTo("ann@example.com");
    assertThat(ok.json().get("is_admin").asBoolean()).isFalse();
    assertThat(ok.json().has("access_token")).isFalse();
    assertThat(ok.raw().headers().firstValue("Cache-Control")).contains("no-store");
    refused(signup("ann@example.com", "other"), 409, "User already exists");

    refused(login("ann@example.com", "wrong"), 401, "Invalid credentials");
    refused(login("nobody@example.com", "pw-1"), 401, "Invalid credentials");
    refused(api.postJson("/auth/v1/token", anon(), "{}"), 400, "email and password required");
    assertThat(login("ANN@example.com", "pw-1").status()).isEqualTo(200);
  }

  @Test
  void refresh_rotates_and_reuse_revokes_the_session() {
    signup("bo@example.com", "pw");
    JsonNode s = login("bo@example.com", "pw").json();
    assertThat(s.get("token_type").asText()).isEqualTo("bearer");
    assertThat(s.get("expires_in").asInt()).isEqualTo(3600);
    String r1 = s.get("refresh_token").asText();
    refused(api.postJson("/auth/v1/token?grant_type=refresh_token", anon(), "{}"), 400, "refresh_token required");
    refused(api.postJson("/auth/v1/token?grant_type=refresh_token", anon(), "{\"refresh_token\":\"x\"}"), 400,
        "Invalid refresh_token: must be a valid UUID");
    refused(api.postJson("/auth/v1/token?grant_type=refresh_token", anon(),
        "{\"refresh_token\":\"" + UUID.randomUUID() + "\"}"), 401, "Invalid refresh token");
    Api.Res next = api.postJson("/auth/v1/token?grant_type=refresh_token", anon(), "{\"refresh_token\":\"" + r1 + "\"}");
    assertThat(next.status()).as(next.text()).isEqualTo(200);
    String r2 = next.json().get("refresh_token").asText();
    refused(api.postJson("/auth/v1/token?grant_type=refresh_token", anon(), "{\"refresh_token\":\"" + r1 + "\"}"), 401,
        "Refresh token already used");
    // The reuse revoked the session: the newer token is dead too.
    refused(api.postJson("/auth/v1/token?grant_type=refresh_token", anon(), "{\"refresh_token\":\"" + r2 + "\"}"), 401,
        "Invalid refresh token");
    refused(api.postJson("/auth/v1/logout", anon(), "{\"refresh_token\":\"zz\"}"), 400,
        "Invalid refresh_token: must be a valid UUID");
    refused(api.postJson("/auth/v1/token?grant_type=magic_link", anon(), "{}"), 400, "token required");
  }

  @Test
  void user_route_checks_the_bearer_like_production() {
    signup("cy@example.com", "pw");
    String token = login("cy@example.com", "pw").json().get("access_token").asText();
    Api.Res me = api.get("/auth/v1/user", anonWith(token));
    assertThat(me.status()).as(me.text()).isEqualTo(200);
    assertThat(me.json().get("email").asText()).isEqualTo("cy@example.com");
    assertThat(me.json().get("identities").isArray()).isTrue();
    refused(api.get("/auth/v1/user", anon()), 401, "Missing Bearer token");
    refused(api.get("/auth/v1/user", anonWith("garbage")), 401, "Invalid token");
    refused(api.get("/auth/v1/user", anonWith(p.anonKey())), 401, "Not an authenticated user token");
    LocalProject other = local.createProject("auth-other-" + System.nanoTime());
    Map<String, String> foreign = new HashMap<>(Map.of("apikey", other.anonKey(), "Authorization", "Bearer " + token));
    refused(api.get("/auth/v1/user", foreign), 401, "Token was issued for a different project");
    String expired = local.engine().accessTokens().mint(p.projectId(), UUID.randomUUID().toString(), "x@y.zz",
        "authenticated", null, Duration.ofHours(-2));
    refused(api.get("/auth/v1/user", anonWith(expired)), 401, "Invalid token");
    String ghost = local.engine().accessTokens().mint(p.projectId(), UUID.randomUUID().toString(), "x@y.zz",
        "authenticated", null, Duration.ofHours(1));
    refused(api.get("/auth/v1/user", anonWith(ghost)), 404, "User not found");
  }

  @Test
  void rest_takes_es256_tokens_and_keeps_postgrest_jwt_errors() {
    String expired = local.engine().accessTokens().mint(p.projectId(), UUID.randomUUID().toString(), null,
        "authenticated", null, Duration.ofHours(-2));
    Api.Res r = api.get("/rest/v1/nothing", anonWith(expired));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().get("code").asText()).isEqualTo("PGRST303");
    LocalProject other = local.createProject("auth-rest-" + System.nanoTime());
    String foreign = local.engine().accessTokens().mint(other.projectId(), UUID.randomUUID().toString(), null,
        "authenticated", null, Duration.ofHours(1));
    Api.Res f = api.get("/rest/v1/nothing", anonWith(foreign));
    assertThat(f.status()).isEqualTo(401);
    assertThat(f.json().get("code").asText()).isEqualTo("PGRST303");
    assertThat(f.json().get("message").asText()).isEqualTo("JWT project_id does not match accessed schema");
  }

  @Test
  void password_change_settings_and_providers() {
    signup("di@example.com", "old");
    String token = login("di@example.com", "old").json().get("access_token").asText();
    refused(api.send("PUT", "/auth/v1/user/password", anon(), "{}"), 401, "Missing Bearer token");
    refused(api.send("PUT", "/auth/v1/user/password", anonWith(token), "{}"), 400, "new_password required");
    refused(api.send("PUT", "/auth/v1/user/password", anonWith(token),
        "{\"current_password\":\"bad\",\"new_password\":\"new\"}"), 401, "Current password is incorrect");
    assertThat(api.postJson("/auth/v1/user/password", anonWith(token),
        "{\"current_password\":\"old\",\"new_password\":\"new\"}").status()).isEqualTo(200);
    assertThat(login("di@example.com", "new").status()).isEqualTo(200);

    refused(api.send("PATCH", "/auth/v1/settings", anon(), "{\"allow_password_set\":true}"), 403,
        "Service key required to update auth settings");
    refused(api.send("PATCH", "/auth/v1/settings", anonWith(p.serviceKey()), "{\"allow_password_set\":1}"), 400,
        "allow_password_set (boolean) required");
    refused(api.send("PATCH", "/auth/v1/settings", anonWith(p.serviceKey()), "{\"public_signup\":\"closed\"}"), 400,
        "public_signup must be one of open, known_email, invite_only");
    Api.Res set = api.send("PATCH", "/auth/v1/settings", anonWith(p.serviceKey()),
        "{\"allow_password_set\":true,\"public_signup\":\"invite_only\",\"allowed_email_domains\":[\"corp.com\"]}");
    assertThat(set.status()).as(set.text()).isEqualTo(200);
    assertThat(set.json().get("preferred_sign_in_method").isNull()).isTrue();
    assertThat(set.json().get("allowed_email_domains").get(0).asText()).isEqualTo("corp.com");
    refused(signup("x@other.com", "pw"), 403, "Signup is not allowed for this email domain");
    assertThat(signup("x@corp.com", "pw").status()).isEqualTo(403);

    Api.Res prov = api.get("/auth/v1/providers", anon());
    assertThat(prov.json().get("password_set").get("enabled").asBoolean()).isTrue();
    refused(api.get("/auth/v1/providers", Map.of()), 401, "Missing apikey header");
  }

  @Test
  void admin_users_promotion_and_jwks() {
    refused(api.postJson("/auth/v1/admin/users", anon(), "{\"email\":\"e@example.com\"}"), 403,
        "Service key required to create users");
    refused(api.postJson("/auth/v1/admin/users", anonWith(p.serviceKey()), "{}"), 400, "email required");
    refused(api.postJson("/auth/v1/admin/users", anonWith(p.serviceKey()),
        "{\"email\":\"E@example.com\",\"send_invite\":true}"), 400, "redirect_url required");
    Api.Res made = api.postJson("/auth/v1/admin/users", anonWith(p.serviceKey()),
        "{\"email\":\"E@example.com\",\"send_invite\":true,\"redirect_url\":\"http://localhost:5173/join\"}");
    assertThat(made.status()).as(made.text()).isEqualTo(200);
    assertThat(made.json().get("created").asBoolean()).isTrue();
    assertThat(made.json().get("invite_sent").asBoolean()).isTrue();
    refused(login("e@example.com", "x"), 401,
        "This account does not have a password. Sign in with Google or request a magic link instead.");

    String base = "/projects/v1/admin/" + p.projectId();
    refused(api.postJson(base + "/promote-user", Api.bearer(p.serviceKey()), "{}"), 400, "Missing or invalid 'email' field");
    refused(api.postJson(base + "/promote-user", Api.bearer(p.serviceKey()), "{\"email\":\"zz@example.com\"}"), 404,
        "User not found");
    refused(api.postJson(base + "/promote-user", Api.bearer(p.anonKey()), "{\"email\":\"e@example.com\"}"), 403,
        "Requires service_role key");
    Api.Res up = api.postJson(base + "/promote-user", Api.bearer(p.serviceKey()), "{\"email\":\"E@example.com\"}");
    assertThat(up.json().get("status").asText()).isEqualTo("promoted");
    signup("f@example.com", "pw");
    api.postJson(base + "/promote-user", Api.bearer(p.serviceKey()), "{\"email\":\"f@example.com\"}");
    String adminToken = login("f@example.com", "pw").json().get("access_token").asText();
    refused(api.get("/auth/v1/user", anonWith(adminToken)), 401, "Not an authenticated user token");
    Api.Res down = api.postJson(base + "/demote-user", Api.bearer(p.serviceKey()), "{\"email\":\"f@example.com\"}");
    assertThat(down.json().get("status").asText()).isEqualTo("demoted");

    refused(api.get("/internal/v1/project-jwt-keys", Map.of()), 401, "Missing Bearer token");
    refused(api.get("/internal/v1/project-jwt-keys", Api.bearer(p.anonKey())), 403, "Requires service_role key");
    JsonNode key = api.get("/internal/v1/project-jwt-keys", Api.bearer(p.serviceKey())).json().get("keys").get(0);
    assertThat(key.get("kty").asText()).isEqualTo("EC");
    assertThat(key.get("crv").asText()).isEqualTo("P-256");
    String header = new String(java.util.Base64.getUrlDecoder().decode(adminToken.split("\\.")[0]));
    assertThat(header).contains("\"kid\":\"" + key.get("kid").asText() + "\"").contains("ES256");
  }

  @Test
  void signups_are_throttled_per_ip() {
    int last = 0;
    for (int i = 0; i < 31; i++) {
      last = signup("bad-" + i, "pw").status();
    }
    assertThat(last).isEqualTo(429);
    Api.Res r = signup("bad", "pw");
    assertThat(r.raw().headers().firstValue("Retry-After")).isPresent();
    assertThat(r.json().get("error").asText()).isEqualTo("rate_limited");
  }

  @Test
  void passkeys_are_not_emulated() {
    Api.Res r = api.postJson("/auth/v1/passkeys/login/options", anon(), "{}");
    assertThat(r.status()).isEqualTo(501);
    assertThat(r.json().get("error").asText()).isEqualTo("not_emulated");
  }
}

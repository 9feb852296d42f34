package com.run402.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.run402.local.Run402Local;
import com.run402.local.junit5.Run402Test;
import com.run402.local.testsupport.Api;
import com.run402.local.testsupport.TestWallet;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@Run402Test(payments = "free")
class ProjectRoutesIT {
  Api api;
  Run402Local local;
  TestWallet wallet = TestWallet.random();

  @BeforeEach
  void setUp(Run402Local local) {
    this.local = local;
    this.api = new Api(local.baseUri());
  }

  Api.Res provision(TestWallet w, String body, String idempotencyKey) {
    Map<String, String> h = new HashMap<>(api.wallet(w, "/projects/v1"));
    if (idempotencyKey != null) {
      h.put("Idempotency-Key", idempotencyKey);
    }
    return api.postJson("/projects/v1", h, body);
  }

  @Test
  void provisions_a_project_with_production_fields() {
    Api.Res r = provision(wallet, "{\"name\":\"shop\"}", null);
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().get("project_id").asText()).matches("prj_\\d{13}_\\d{4}");
    assertThat(r.json().get("schema_slot").asText()).matches("p\\d{4}");
    assertThat(r.json().get("project_id").asText()).endsWith(r.json().get("schema_slot").asText().substring(1));
    assertThat(r.json().get("anon_key").asText()).startsWith("eyJ");
    assertThat(r.json().get("service_key").asText()).startsWith("eyJ");
    assertThat(r.json().get("tier").asText()).isEqualTo("prototype");
    assertThat(Instant.parse(r.json().get("lease_expires_at").asText())).isAfter(Instant.now().plusSeconds(6 * 86400));
    assertThat(r.json().get("created_at").asText()).as("JS toISOString: always milliseconds")
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(r.json().get("endpoints").get("rest_url").asText()).isEqualTo(api.base() + "/rest/v1");
    String claims = new String(Base64.getUrlDecoder().decode(r.json().get("service_key").asText().split("\\.")[1]));
    assertThat(claims).contains("\"role\":\"service_role\"", "\"project_id\":\"" + r.json().get("project_id").asText(),
        "\"iss\":\"run402-local\"");
  }

  @Test
  void an_idempotency_key_replays_the_same_project_and_refuses_another_payload() {
    Api.Res a = provision(wallet, "{\"name\":\"idem\"}", "k-1");
    Api.Res b = provision(wallet, "{\"name\":\"idem\"}", "k-1");
    assertThat(b.status()).isEqualTo(201);
    assertThat(b.json().get("project_id")).isEqualTo(a.json().get("project_id"));
    assertThat(b.json().get("service_key")).isEqualTo(a.json().get("service_key"));
    assertThat(provision(wallet, "{\"name\":\"other\"}", "k-1").status()).isEqualTo(422);
    assertThat(provision(TestWallet.random(), "{\"name\":\"idem\"}", "k-1").json().get("project_id"))
        .isNotEqualTo(a.json().get("project_id"));
    assertThat(provision(wallet, "{}", "x".repeat(257)).json().get("error").asText()).isEqualTo("invalid_idempotency_key");
  }

  @Test
  void get_list_and_rename_are_scoped_to_the_wallet() {
    String id = provision(wallet, "{\"name\":\"mine\"}", null).json().get("project_id").asText();
    provision(wallet, "{\"name\":\"second\"}", null);
    Api.Res get = api.get("/projects/v1/" + id, api.wallet(wallet, "/projects/v1/" + id));
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.json().get("name").asText()).isEqualTo("mine");
    assertThat(get.json().get("usage").has("api_calls_limit")).isTrue();
    TestWallet stranger = TestWallet.random();
    assertThat(api.get("/projects/v1/" + id, api.wallet(stranger, "/projects/v1/" + id)).status()).isEqualTo(403);
    assertThat(api.get("/projects/v1/prj_1_9999", api.wallet(wallet, "/projects/v1/prj_1_9999")).status()).isEqualTo(403);

    Api.Res page1 = api.get("/projects/v1?limit=1", api.wallet(wallet, "/projects/v1?limit=1"));
    assertThat(page1.json().get("projects")).hasSize(1);
    assertThat(page1.json().get("has_more").asBoolean()).isTrue();
    String cursor = page1.json().get("next_cursor").asText();
    Api.Res page2 = api.get("/projects/v1?limit=50&after=" + cursor, api.wallet(wallet, "/projects/v1"));
    assertThat(page2.json().get("projects").findValuesAsText("project_id")).contains(id).doesNotContain(cursor);
    assertThat(api.get("/projects/v1", api.wallet(stranger, "/projects/v1")).json().get("projects")).isEmpty();
    assertThat(api.get("/projects/v1?limit=abc", api.wallet(wallet, "/projects/v1")).status()).isEqualTo(400);

    Map<String, String> h = new HashMap<>(api.wallet(wallet, "/projects/v1/" + id));
    h.put("Content-Type", "application/json");
    Api.Res renamed = api.send("PATCH", "/projects/v1/" + id, h, "{\"name\":\"renamed\"}");
    assertThat(renamed.json().get("name").asText()).isEqualTo("renamed");
    assertThat(api.send("PATCH", "/projects/v1/" + id, h, "{\"name\":\"\"}").status()).isEqualTo(400);
    assertThat(api.send("PATCH", "/projects/v1/" + id, h, "{\"name\":").json().get("error").asText()).isEqualTo("invalid_json");
  }

  @Test
  void delete_drops_schema_roles_and_rows() throws Exception {
    Api.Res p = provision(wallet, "{\"name\":\"doomed\"}", null);
    String id = p.json().get("project_id").asText();
    String slot = p.json().get("schema_slot").asText();
    String service = p.json().get("service_key").asText();
    String anon = p.json().get("anon_key").asText();
    String other = provision(wallet, "{}", null).json().get("service_key").asText();
    assertThat(api.send("DELETE", "/projects/v1/" + id, Map.of(), null).status()).isEqualTo(401);
    assertThat(api.send("DELETE", "/projects/v1/" + id, Api.bearer(anon), null).json().get("message").asText())
        .isEqualTo("Requires service_role key");
    assertThat(api.send("DELETE", "/projects/v1/" + id, Api.bearer(other), null).status()).isEqualTo(403);
    assertThat(api.send("DELETE", "/projects/v1/" + id, Api.bearer("garbage"), null).status()).isEqualTo(401);

    Api.Res del = api.send("DELETE", "/projects/v1/" + id, Api.bearer(service), null);
    assertThat(del.status()).isEqualTo(200);
    assertThat(del.json().get("status").asText()).isEqualTo("purged");
    try (Connection c = DriverManager.getConnection(local.jdbcUrl());
        ResultSet rs = c.createStatement().executeQuery("SELECT (SELECT count(*) FROM pg_namespace WHERE nspname = '"
            + slot + "') + (SELECT count(*) FROM pg_roles WHERE rolname LIKE '" + slot + "\\_%') + "
            + "(SELECT count(*) FROM internal.projects WHERE id = '" + id + "')")) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
    }
    assertThat(api.send("POST", "/projects/v1/admin/" + id + "/sql", Api.bearer(service), "select 1").status())
        .isEqualTo(404);
  }

  @Test
  void wallet_auth_failures_answer_as_production() {
    assertThat(api.postJson("/projects/v1", Map.of(), "{}").status()).isEqualTo(401);
    String good = wallet.siwx(api.base(), "/projects/v1");
    String json = new String(Base64.getDecoder().decode(good));
    String tampered = Base64.getEncoder().encodeToString(json.replace("Sign in to Run402", "Sign in to Run403").getBytes());
    Api.Res bad = api.postJson("/projects/v1", Map.of("SIGN-IN-WITH-X", tampered), "{}");
    assertThat(bad.status()).isEqualTo(402);
    assertThat(bad.json().get("error").asText()).isEqualTo("invalid_siwx");
    assertThat(bad.json().get("reason").asText()).isEqualTo("signature_mismatch");
    String old = wallet.siwx(api.base(), "/projects/v1", Instant.now().minusSeconds(600));
    assertThat(api.postJson("/projects/v1", Map.of("SIGN-IN-WITH-X", old), "{}").status()).isEqualTo(402);
    String otherHost = wallet.siwx("http://example.com:1", "/projects/v1");
    assertThat(api.postJson("/projects/v1", Map.of("SIGN-IN-WITH-X", otherHost), "{}").json().get("reason").asText())
        .isEqualTo("domain_mismatch");
    assertThat(api.postJson("/projects/v1", Map.of("SIGN-IN-WITH-X", "%%%"), "{}").status()).isEqualTo(402);
    assertThat(provision(wallet, "[1,2]", null).status()).isEqualTo(400);
    assertThat(provision(wallet, "{\"tier\":\"gold\"}", null).json().get("error").asText()).isEqualTo("invalid_tier");
    assertThat(provision(wallet, "{\"name\":", null).status()).isEqualTo(400);
  }
}

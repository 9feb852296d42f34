package com.run402.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.run402.local.LocalProject;
import com.run402.local.testsupport.Api;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Helpers for the expose ITs: SQL as the service key, and SQL "as" anon or a signed-in user, done
 * the way the REST engine will do it (SET LOCAL ROLE + request.jwt.claims in one transaction).
 */
final class ExposeFixture {
  static final ObjectMapper JSON = new ObjectMapper();
  final Api api;
  final LocalProject p;

  ExposeFixture(Api api, LocalProject p) {
    this.api = api;
    this.p = p;
  }

  Api.Res sql(String text) {
    Map<String, String> h = new HashMap<>(Api.bearer(p.serviceKey()));
    h.put("Content-Type", "text/plain");
    return api.send("POST", "/projects/v1/admin/" + p.projectId() + "/sql", h, text);
  }

  /** Runs {@code text} as the project's anon role. */
  Api.Res asAnon(String text) {
    return sql("SET LOCAL request.jwt.claims = '{\"role\":\"anon\"}'; SET LOCAL ROLE "
        + p.schema() + "_anon; " + text);
  }

  /** Runs {@code text} as the project's authenticated role, signed in as {@code user}. */
  Api.Res asUser(UUID user, String text) {
    return sql("SET LOCAL request.jwt.claims = '{\"sub\":\"" + user + "\",\"role\":\"authenticated\"}';"
        + " SET LOCAL ROLE " + p.schema() + "_authenticated; " + text);
  }

  JsonNode rows(Api.Res r) {
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json().get("rows");
  }

  static void denied(Api.Res r) {
    assertThat(r.status()).as(r.text()).isEqualTo(400);
    assertThat(r.json().get("sqlstate").asText()).as(r.text()).isEqualTo("42501");
  }

  Api.Res apply(String manifest) {
    return api.postJson("/projects/v1/admin/" + p.projectId() + "/expose", Api.bearer(p.serviceKey()), manifest);
  }

  JsonNode applyOk(String manifest) {
    Api.Res r = apply(manifest);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json();
  }

  Api.Res get() {
    return api.get("/projects/v1/admin/" + p.projectId() + "/expose", Api.bearer(p.serviceKey()));
  }

  Api.Res validate(String body) {
    return api.postJson("/projects/v1/admin/" + p.projectId() + "/expose/validate", Api.bearer(p.serviceKey()), body);
  }

  Api.Res rls(String body) {
    return api.postJson("/projects/v1/admin/" + p.projectId() + "/rls", Api.bearer(p.serviceKey()), body);
  }

  /** The issue types of an errors[] or warnings[] array. */
  static java.util.List<String> types(JsonNode issues) {
    return issues.findValuesAsText("type");
  }

  /** JSON with single quotes, for readable manifests in tests. */
  static String j(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }
}

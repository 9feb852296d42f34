package com.run402.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.junit5.Run402Test;
import com.run402.local.testsupport.Api;
import com.run402.local.testsupport.OneProjectPerTest;
import com.run402.local.testsupport.TestWallet;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Cloud apply routes over raw HTTP: plans, content plans, commit, operations, releases, site serving. */
@Run402Test(payments = "free")
class ApplyRoutesIT extends OneProjectPerTest {
  private ApplyFixture fx;

  @BeforeEach
  void fixture() {
    fx = new ApplyFixture(api, p);
  }

  private Map<String, String> anon() {
    return Map.of("apikey", p.anonKey());
  }

  @Test
  void a_project_cannot_name_or_probe_content_another_project_uploaded() throws Exception {
    String secret = "only for " + p.projectId();
    String ref = fx.upload(secret, "text/plain"); // this project uploads it
    com.run402.local.LocalProject other = local.createProject("thief");
    ApplyFixture otherFx = new ApplyFixture(api, other);
    Api.Res probe = api.postJson("/content/v1/plans", Map.of("apikey", other.anonKey()), "{\"content\":[" + ref + "]}");
    assertThat(probe.status()).as(probe.text()).isEqualTo(200);
    assertThat(probe.json().get("entries").get(0).get("missing").asBoolean())
        .as("stored, but not by it: missing to the other project").isTrue();
    Api.Res steal = api.postJson("/content/v1/plans/" + probe.json().get("plan_id").asText() + "/commit",
        Map.of("apikey", other.anonKey()), "{}");
    assertThat(steal.status()).as("a commit without the upload").isEqualTo(409);
    Api.Res plan = otherFx.plan("\"assets\":{\"put\":[{\"key\":\"loot.txt\",\"sha256\":"
        + ref.substring(ref.indexOf(':') + 1, ref.indexOf(',')) + ",\"size_bytes\":" + secret.length()
        + ",\"content_type\":\"text/plain\"}]}");
    assertThat(plan.status()).as(plan.text()).isEqualTo(200);
    assertThat(plan.json().toString()).doesNotContain("\"status\":\"present\"");
    Api.Res commit = api.postJson("/apply/v1/plans/" + plan.json().get("plan_id").asText() + "/commit",
        Api.bearer(other.serviceKey()), "{}");
    assertThat(commit.json().get("status").asText()).as(commit.text()).isEqualTo("failed");
    assertThat(commit.json().get("error").get("code").asText()).isEqualTo("CONTENT_MISSING");
    assertThat(api.get("/storage/v1/blobs/loot.txt", Api.bearer(other.serviceKey())).text()).doesNotContain(secret);

    String again = otherFx.upload(secret, "text/plain"); // uploading the bytes itself makes them its own
    assertThat(again).isEqualTo(ref);
    Api.Res own = otherFx.apply("\"assets\":{\"put\":[{\"key\":\"mine.txt\",\"sha256\":"
        + ref.substring(ref.indexOf(':') + 1, ref.indexOf(',')) + ",\"size_bytes\":" + secret.length()
        + ",\"content_type\":\"text/plain\"}]}");
    assertThat(own.status()).as(own.text()).isEqualTo(200);
  }

  @Test
  void a_release_serves_its_site_with_etags_and_shows_in_operations_and_releases() throws Exception {
    String index = fx.upload("<h1>" + p.projectId() + "</h1>", "text/html");
    String css = fx.upload("body{}/*" + p.projectId() + "*/", "text/css");
    Api.Res plan = fx.plan("\"site\":{\"replace\":{\"index.html\":" + index + ",\"css/app.css\":" + css + "}}");
    assertThat(plan.status()).as(plan.text()).isEqualTo(200);
    assertThat(plan.json().get("kind").asText()).isEqualTo("plan_response");
    Api.Res commit = api.postJson("/apply/v1/plans/" + plan.json().get("plan_id").asText() + "/commit",
        Api.bearer(p.serviceKey()), "{}");
    assertThat(commit.status()).as(commit.text()).isEqualTo(200);
    assertThat(commit.json().get("status").asText()).isEqualTo("ready");
    String release = commit.json().get("release_id").asText();
    String host = URI.create(commit.json().get("urls").get("project").asText()).getHost();
    assertThat(host).endsWith(".localhost");
    String site = "/__sites/" + host.substring(0, host.length() - ".localhost".length());

    Api.Res page = api.get(site + "/", Map.of());
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.text()).isEqualTo("<h1>" + p.projectId() + "</h1>");
    Api.Res cssRes = api.get(site + "/css/app.css", Map.of());
    assertThat(cssRes.raw().headers().firstValue("content-type").orElse("")).startsWith("text/css");
    String etag = cssRes.raw().headers().firstValue("etag").orElseThrow();
    assertThat(api.get(site + "/css/app.css", Map.of("If-None-Match", etag)).status()).isEqualTo(304);
    assertThat(api.get(site + "/css/app.css", Map.of("If-None-Match", "\"other\"")).status()).isEqualTo(200);
    assertThat(api.get(site + "/deep/spa/route", Map.of()).text()).isEqualTo(page.text());
    assertThat(api.get(site + "/a/%2e%2e/%2e%2e/etc/passwd", Map.of()).status()).isEqualTo(400);
    assertThat(api.get(site + "/a%00b", Map.of()).status()).isEqualTo(400);
    assertThat(api.get("/__sites/pr-nosuchproject/", Map.of()).status()).isEqualTo(404);

    String op = commit.json().get("operation_id").asText();
    Api.Res snap = api.get("/apply/v1/operations/" + op, anon());
    assertThat(snap.json().get("status").asText()).isEqualTo("ready");
    assertThat(snap.json().get("release_id").asText()).isEqualTo(release);
    assertThat(api.get("/apply/v1/operations/" + op + "/events", anon()).json().get("events").isArray()).isTrue();
    assertThat(api.get("/apply/v1/operations", anon()).json().get("operations").get(0).get("operation_id").asText())
        .isEqualTo(op);
    Api.Res active = api.get("/apply/v1/releases/active", anon());
    assertThat(active.json().get("release_id").asText()).isEqualTo(release);
    assertThat(api.get("/apply/v1/releases/" + release, anon()).json().get("release_id").asText()).isEqualTo(release);
    assertThat(api.get("/apply/v1/releases/diff?from=empty&to=" + release, anon()).status()).isEqualTo(200);
  }

  @Test
  void migrations_run_once_and_a_changed_checksum_is_a_409() throws Exception {
    String m1 = "\"database\":{\"migrations\":[" + fx.migration("001", "create table t (id int)") + "]}";
    assertThat(fx.apply(m1).json().get("status").asText()).isEqualTo("ready");
    assertThat(fx.apply(m1).json().get("status").asText()).as("same id + same sql: a no-op").isEqualTo("ready");
    Api.Res changed = fx.plan("\"database\":{\"migrations\":[" + fx.migration("001", "create table u (id int)") + "]}");
    assertThat(changed.status()).as(changed.text()).isEqualTo(409);

    Api.Res broken = fx.apply("\"database\":{\"migrations\":[" + fx.migration("002", "select from nowhere_t") + "]}");
    assertThat(broken.status()).isLessThan(500);
    JsonNode failed = broken.json();
    if (!"failed".equals(failed.path("status").asText())) {
      failed = api.get("/apply/v1/operations/" + failed.get("operation_id").asText(), anon()).json();
    }
    assertThat(failed.get("status").asText()).isEqualTo("failed");
    assertThat(failed.toString()).contains("nowhere_t");
  }

  @Test
  void unknown_ids_are_404() {
    Map<String, String> svc = Api.bearer(p.serviceKey());
    assertThat(api.postJson("/apply/v1/plans/plan_nope/commit", svc, "{}").status()).isEqualTo(404);
    assertThat(api.get("/apply/v1/operations/op_nope", anon()).status()).isEqualTo(404);
    assertThat(api.get("/apply/v1/operations/op_nope/events", anon()).status()).isEqualTo(404);
    assertThat(api.get("/apply/v1/releases/rel_nope", anon()).status()).isEqualTo(404);
    assertThat(api.get("/apply/v1/releases/active", anon()).status()).isEqualTo(404);
    assertThat(api.get("/apply/v1/releases/diff?from=rel_nope&to=rel_nope2", anon()).status()).isEqualTo(404);
    assertThat(api.postJson("/content/v1/plans/cplan_nope/commit", anon(), "{}").status()).isEqualTo(404);
  }

  @Test
  void malformed_bodies_and_bad_site_paths_are_400() {
    Map<String, String> svc = Api.bearer(p.serviceKey());
    for (String body : new String[] {"", "not json", "[]", "{}", "{\"spec\":1}", "{\"spec\":{}}"}) {
      Api.Res r = api.postJson("/apply/v1/plans", svc, body);
      assertThat(r.status()).as(body + " -> " + r.text()).isEqualTo(400);
    }
    String ref = "{\"sha256\":\"" + "a".repeat(64) + "\",\"size\":1,\"content_type\":\"text/plain\"}";
    for (String path : new String[] {"../x", "a/../b", "a/./b", "a//b", "/abs.html", "a\\u0000b", "a\\\\b", ""}) {
      Api.Res r = fx.plan("\"site\":{\"replace\":{\"" + path + "\":" + ref + "}}");
      assertThat(r.status()).as(path + " -> " + r.text()).isEqualTo(400);
    }
    for (String spec : new String[] {"\"nope\":1", "\"site\":[]", "\"site\":{\"replace\":{\"a\":{\"sha256\":\"x\"}}}",
        "\"database\":{\"migrations\":{}}", "\"database\":{\"migrations\":[{\"sql\":\"select 1\"}]}"}) {
      Api.Res r = fx.plan(spec);
      assertThat(r.status()).as(spec + " -> " + r.text()).isEqualTo(400);
    }
    assertThat(api.postJson("/content/v1/plans", anon(), "{\"content\":{}}").status()).isEqualTo(400);
    assertThat(api.postJson("/content/v1/plans", anon(), "{\"content\":[{\"sha256\":\"zz\",\"size\":1}]}").status())
        .isEqualTo(400);
    assertThat(api.get("/apply/v1/operations?limit=0", anon()).status()).isEqualTo(400);
    assertThat(api.get("/apply/v1/releases/active?site_limit=abc", anon()).status()).isEqualTo(400);
    assertThat(api.postJson("/apply/v1/plans", Map.of(), "{\"spec\":{\"project_id\":\"" + p.projectId() + "\"}}")
        .status()).isEqualTo(401);
    assertThat(api.postJson("/apply/v1/plans", svc, "{\"spec\":{\"project_id\":\"x\"},\"manifest_ref\":{}}")
        .status()).isEqualTo(501);
  }

  @Test
  void a_site_over_50_mb_is_413() {
    String big = "{\"sha256\":\"" + "b".repeat(64) + "\",\"size\":" + (50L * 1024 * 1024 + 1) + "}";
    Api.Res r = fx.plan("\"site\":{\"replace\":{\"big.bin\":" + big + "}}");
    assertThat(r.status()).as(r.text()).isEqualTo(413);
  }

  @Test
  void an_expired_lease_cannot_apply() {
    TestWallet w = TestWallet.random();
    Api.Res created = api.postJson("/projects/v1", api.wallet(w, "/projects/v1"), "{\"name\":\"apply-lease\"}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    String id = created.json().get("project_id").asText();
    String body = "{\"spec\":{\"project_id\":\"" + id + "\"}}";
    Map<String, String> svc = Api.bearer(created.json().get("service_key").asText());
    try {
      assertThat(api.postJson("/__local/clock", Map.of(), "{\"advance\":\"8d\"}").status()).isEqualTo(200);
      Api.Res r = api.postJson("/apply/v1/plans", svc, body);
      assertThat(r.status()).as(r.text()).isEqualTo(402);
      Api.Res c = api.postJson("/content/v1/plans", Map.of("apikey", created.json().get("anon_key").asText()),
          "{\"content\":[]}");
      assertThat(c.status()).as(c.text()).isEqualTo(402);
    } finally {
      local.resetClock();
    }
    assertThat(api.postJson("/apply/v1/plans", svc, body).status()).isEqualTo(200);
  }
}

package com.run402.local.server;

import static com.run402.local.server.ExposeFixture.j;
import static com.run402.local.server.ExposeFixture.types;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.LocalProject;
import com.run402.local.Run402Local;
import com.run402.local.junit5.Run402Test;
import com.run402.local.testsupport.Api;
import com.run402.local.testsupport.TestWallet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Both validate endpoints with every issue type they can raise, and bad input that must stay 4xx. */
@Run402Test
class ExposeValidateIT {
  ExposeFixture f;
  Run402Local local;

  @BeforeEach
  void setUp(Run402Local local) {
    this.local = local;
    f = new ExposeFixture(new Api(local.baseUri()), local.createProject("val-" + System.nanoTime()));
    f.sql("CREATE TABLE users_t (id uuid PRIMARY KEY, name text, password_hash text);"
        + "CREATE FUNCTION f(integer) RETURNS int LANGUAGE sql AS 'SELECT 1';"
        + "CREATE FUNCTION f(text) RETURNS int LANGUAGE sql AS 'SELECT 2'");
  }

  @Test
  void project_validation_reports_every_schema_issue() {
    Api.Res r = f.validate(j("{'manifest':{'version':'1','tables':["
        + "{'name':'nope','policy':'public_read_authenticated_write'},"
        + "{'name':'users_t','policy':'user_owns_rows','owner_column':'missing_col'},"
        + "{'name':'users_t2','policy':'public_read_write_UNRESTRICTED'}],"
        + "'views':[{'name':'v','base':'no_base','select':['a']}],"
        + "'rpcs':[{'name':'ghost','grant_to':['anon']},{'name':'f','grant_to':['authenticated']},"
        + "{'name':'f','signature':'(boolean)','grant_to':['root']}]}}"));
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.json().get("has_errors").asBoolean()).isTrue();
    assertThat(r.json().get("hasErrors").asBoolean()).isTrue();
    assertThat(types(r.json().get("errors"))).contains("missing-table", "missing-column", "missing-view-base",
        "missing-rpc", "ambiguous-rpc", "unrestricted-ack-required", "grant-to-role-unknown");
    JsonNode first = r.json().get("errors").get(0);
    assertThat(first.get("severity").asText()).isEqualTo("error");
    assertThat(first.get("detail").asText()).isNotBlank();

    Api.Res warn = f.validate(j("{'manifest':{'tables':[{'name':'users_t','policy':'public_read_write_UNRESTRICTED',"
        + "'i_understand_this_is_unrestricted':true}],'rpcs':[{'name':'f','signature':'(int4)','grant_to':['anon']}]}}"));
    assertThat(warn.json().get("has_errors").asBoolean()).as(warn.text()).isFalse();
    assertThat(types(warn.json().get("warnings"))).containsExactly("sensitive-column-public-write");
    assertThat(warn.json().get("warnings").get(0).get("severity").asText()).isEqualTo("warning");
  }

  @Test
  void projectless_validation_checks_shape_with_the_wallet_and_says_it_is_inconclusive() {
    TestWallet w = TestWallet.random();
    String path = "/projects/v1/expose/validate";
    Api.Res r = f.api.postJson(path, f.api.wallet(w, path), j("{'manifest':{'version':'1','tables':["
        + "{'name':'t','policy':'user_owns_rows','force_owner_on_insert':true},"
        + "{'name':'u','policy':'nope'}]},'migration_sql':'CREATE TABLE t (id int)'}"));
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(types(r.json().get("errors"))).containsExactly("schema-shape");
    Api.Res consistent = f.api.postJson(path, f.api.wallet(w, path), j("{'manifest':{'tables':["
        + "{'name':'t','policy':'public_read_authenticated_write','force_owner_on_insert':true}]},"
        + "'migration_sql':'CREATE TABLE t (id int)'}"));
    assertThat(types(consistent.json().get("errors"))).containsExactly("force-owner-without-owner-column");
    assertThat(types(consistent.json().get("warnings"))).containsExactly("validation-inconclusive");
    assertThat(consistent.json().get("warnings").get(0).get("detail").asText()).contains("migration_sql");
    assertThat(f.api.postJson(path, Map.of(), "{\"manifest\":{}}").status()).isEqualTo(401);
  }

  @Test
  void bad_input_is_a_4xx_never_a_5xx() {
    Map<String, String> h = new HashMap<>(Api.bearer(f.p.serviceKey()));
    String base = "/projects/v1/admin/" + f.p.projectId();
    Api.Res invalid = f.api.postJson(base + "/expose", h, "{\"tables\":");
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.json().get("error").asText()).isEqualTo("invalid_json");
    assertThat(f.api.postJson(base + "/expose", h, "").status()).isEqualTo(400);
    assertThat(f.api.postJson(base + "/expose", h, "[1]").json().get("errors").get(0).get("type").asText())
        .isEqualTo("schema-shape");
    Api.Res wrongTypes = f.apply("{\"version\":2,\"tables\":{},\"views\":[1],\"rpcs\":[{\"name\":7}]}");
    assertThat(wrongTypes.status()).isEqualTo(400);
    assertThat(types(wrongTypes.json().get("errors"))).hasSizeGreaterThanOrEqualTo(4).containsOnly("schema-shape");
    Api.Res unknownPolicy = f.apply(j("{'tables':[{'name':'users_t','policy':'everyone'}]}"));
    assertThat(unknownPolicy.status()).isEqualTo(400);
    assertThat(unknownPolicy.json().get("message").asText()).contains("unknown policy 'everyone'");
    assertThat(f.apply(j("{'tables':[{'name':'users_t','policy':'custom','expose':'yes'}]}")).status()).isEqualTo(400);
    assertThat(f.apply(j("{'rpcs':[{'name':'f','signature':'(int); DROP TABLE users_t','grant_to':[]}]}")).status())
        .isEqualTo(400);
    assertThat(f.apply(j("{'rpcs':[{'name':'f','signature':'(no_such_type)','grant_to':['anon']}]}"))
        .json().get("errors").get(0).get("type").asText()).isEqualTo("missing-rpc");
    assertThat(f.validate("{\"manifest\":{},\"migration_sql\":5}").status()).isEqualTo(400);
    assertThat(f.validate("\"x\"").status()).isEqualTo(400);

    LocalProject other = local.createProject("other");
    assertThat(f.api.get(base + "/expose", Api.bearer(other.serviceKey())).status()).isEqualTo(403);
    assertThat(f.api.get("/projects/v1/admin/prj_0_9999/expose", Api.bearer(f.p.serviceKey())).status())
        .isEqualTo(403);
    assertThat(f.api.get(base + "/expose", Map.of()).status()).isEqualTo(401);
    assertThat(f.api.postJson(base + "/expose", Api.bearer(f.p.anonKey()), "{}").status()).isEqualTo(403);
    assertThat(f.api.postJson(base + "/rls", h, "{\"template\":").status()).isEqualTo(400);
  }
}

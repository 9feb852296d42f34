package com.run402.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.LocalProject;
import com.run402.local.junit5.Run402Test;
import com.run402.local.testsupport.Api;
import com.run402.local.testsupport.OneProjectPerTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

@Run402Test
class AdminRoutesIT extends OneProjectPerTest {


  Api.Res sql(String text) {
    Map<String, String> h = new HashMap<>(Api.bearer(p.serviceKey()));
    h.put("Content-Type", "text/plain");
    return api.send("POST", "/projects/v1/admin/" + p.projectId() + "/sql", h, text);
  }

  Api.Res sqlJson(String json) {
    return api.postJson("/projects/v1/admin/" + p.projectId() + "/sql", Api.bearer(p.serviceKey()), json);
  }

  @Test
  void runs_ddl_dml_and_selects_with_production_result_shapes() {
    Api.Res ddl = sql("CREATE TABLE items (id bigserial PRIMARY KEY, name text NOT NULL, price numeric(8,2), "
        + "tags text[], meta jsonb, at timestamptz DEFAULT '2026-01-02 03:04:05.678+00', n int)");
    assertThat(ddl.status()).isEqualTo(200);
    assertThat(ddl.json().get("status").asText()).isEqualTo("ok");
    assertThat(ddl.json().get("schema").asText()).isEqualTo(p.schema());
    assertThat(ddl.json().get("row_count").isNull()).isTrue();
    assertThat(ddl.json().get("rowCount").isNull()).isTrue();

    Api.Res ins = sqlJson("{\"sql\":\"INSERT INTO items (name, price, tags, meta, n) VALUES ($1, $2, $3, $4, $5), "
        + "($1 || '2', 2.5, NULL, NULL, NULL)\",\"params\":[\"pen\", 1.25, [\"a\",\"b\"], {\"k\":1}, 7]}");
    assertThat(ins.status()).as(ins.text()).isEqualTo(200);
    assertThat(ins.json().get("row_count").asLong()).isEqualTo(2);
    assertThat(ins.json().get("rows")).isEmpty();

    Api.Res sel = sqlJson("{\"sql\":\"SELECT id, name, price, tags, meta, at, n, meta ? 'k' AS has_k FROM items "
        + "WHERE name = $1\",\"params\":[\"pen\"]}");
    JsonNode row = sel.json().get("rows").get(0);
    assertThat(row.get("id").asText()).isEqualTo("1");
    assertThat(row.get("id").isTextual()).isTrue();
    assertThat(row.get("price").asText()).isEqualTo("1.25");
    assertThat(row.get("tags").toString()).isEqualTo("[\"a\",\"b\"]");
    assertThat(row.get("meta").get("k").asInt()).isEqualTo(1);
    assertThat(row.get("at").asText()).isEqualTo("2026-01-02T03:04:05.678Z");
    assertThat(row.get("n").isInt()).isTrue();
    assertThat(row.get("has_k").asBoolean()).isTrue();
    assertThat(sel.json().get("fields").get(0).get("name").asText()).isEqualTo("id");
    assertThat(sel.json().get("fields").get(0).get("type").asText()).isEqualTo("int8");

    Api.Res multi = sql("UPDATE items SET n = 1; DELETE FROM items WHERE name = 'pen2'; SELECT count(*) AS c FROM items");
    assertThat(multi.json().get("rows").get(0).get("c").asText()).isEqualTo("1");
    assertThat(multi.json().get("row_count").asLong()).isEqualTo(2 + 1 + 1);
  }

  @Test
  void schema_and_usage_reflect_ddl_from_the_same_call() {
    assertThat(api.get("/projects/v1/admin/" + p.projectId() + "/schema", Api.bearer(p.serviceKey())).json()
        .get("tables")).isEmpty();
    sql("CREATE TABLE notes (id int PRIMARY KEY, owner uuid, body text CHECK (length(body) < 100));"
        + "ALTER TABLE notes ENABLE ROW LEVEL SECURITY;"
        + "CREATE POLICY own ON notes FOR SELECT USING (owner = auth.uid())");
    JsonNode schema = api.get("/projects/v1/admin/" + p.projectId() + "/schema", Api.bearer(p.serviceKey())).json();
    JsonNode t = schema.get("tables").get(0);
    assertThat(schema.get("schema").asText()).isEqualTo(p.schema());
    assertThat(t.get("name").asText()).isEqualTo("notes");
    assertThat(t.get("rls_enabled").asBoolean()).isTrue();
    assertThat(t.get("columns").findValuesAsText("name")).containsExactly("id", "owner", "body");
    assertThat(t.get("columns").get(1).get("type").asText()).isEqualTo("uuid");
    assertThat(t.get("constraints").findValuesAsText("type")).contains("PRIMARY KEY", "CHECK");
    assertThat(t.get("policies").get(0).get("command").asText()).isEqualTo("SELECT");
    assertThat(t.get("policies").get(0).get("using_expression").asText()).contains("auth.uid()");

    JsonNode usage = api.get("/projects/v1/admin/" + p.projectId() + "/usage", Api.bearer(p.serviceKey())).json();
    assertThat(usage.get("project_id").asText()).isEqualTo(p.projectId());
    assertThat(usage.get("api_calls_limit").asLong()).isEqualTo(500_000);
    assertThat(usage.get("storage_limit_bytes").asLong()).isEqualTo(250L * 1024 * 1024);
  }

  @Test
  void bad_sql_and_bad_input_get_clear_4xx() {
    Api.Res blocked = sql("GRANT SELECT ON x TO anon");
    assertThat(blocked.status()).isEqualTo(403);
    assertThat(blocked.json().get("error").asText()).isEqualTo("sql_forbidden");
    assertThat(blocked.json().get("message").asText()).startsWith("Blocked SQL pattern: \\bGRANT\\b — ");
    assertThat(blocked.json().get("hint").asText()).contains("BIGINT GENERATED ALWAYS AS IDENTITY");
    assertThat(sql("create extension pgcrypto").status()).isEqualTo(403);

    Api.Res err = sql("SELECT * FROM nope");
    assertThat(err.status()).isEqualTo(400);
    assertThat(err.json().get("message").asText()).isEqualTo("SQL error: relation \"nope\" does not exist");
    assertThat(err.json().get("sqlstate").asText()).isEqualTo("42P01");
    Api.Res partial = sql("CREATE TABLE half (x int); SELECT 1/0");
    assertThat(partial.status()).isEqualTo(400);
    assertThat(sql("SELECT * FROM half").json().get("sqlstate").asText()).isEqualTo("42P01");

    assertThat(sqlJson("{\"sql\":").json().get("error").asText()).isEqualTo("invalid_json");
    assertThat(sqlJson("{\"sql\":\"select $1\",\"params\":{}}").json().get("message").asText())
        .isEqualTo("\"params\" must be an array");
    assertThat(sql("   ").json().get("error").asText()).isEqualTo("no_sql");
    assertThat(sqlJson("{\"sql\":\"select $2\",\"params\":[1]}").status()).isEqualTo(400);

    LocalProject other = local.createProject("other");
    Api.Res wrongKey = api.send("POST", "/projects/v1/admin/" + p.projectId() + "/sql", Api.bearer(other.serviceKey()), "select 1");
    assertThat(wrongKey.status()).isEqualTo(403);
    assertThat(wrongKey.json().get("message").asText()).isEqualTo("Token project_id mismatch");
    assertThat(api.send("POST", "/projects/v1/admin/" + p.projectId() + "/sql", Map.of(), "select 1").status()).isEqualTo(401);
    assertThat(api.get("/projects/v1/admin/" + p.projectId() + "/usage", Api.bearer(p.anonKey())).status()).isEqualTo(403);
  }

  @Test
  void a_runaway_statement_is_cancelled_not_hung() {
    Api.Res r = sql("SET LOCAL statement_timeout = 200; SELECT pg_sleep(5)");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("sqlstate").asText()).isEqualTo("57014");
    assertThat(sql("SELECT 1 AS one").json().get("rows").get(0).get("one").asInt()).isEqualTo(1);
  }
}

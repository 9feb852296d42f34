package com.run402.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.projects.Project;
import com.run402.local.runtime.sql.SqlRequest;
import com.run402.local.runtime.sql.SqlResult;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tenant isolation is enforced by Postgres roles, not by the blocklist. */
class SqlIsolationIT {
  static Engine engine;
  static Project a;
  static Project b;

  @BeforeAll
  static void start() throws Exception {
    engine = EngineFixture.ephemeral();
    a = provision("tenant-a");
    b = provision("tenant-b");
    sql(a, "CREATE TABLE secrets_a (id int PRIMARY KEY, v text); INSERT INTO secrets_a VALUES (1, 'a-only')");
    sql(b, "CREATE TABLE secrets_b (id int PRIMARY KEY, v text); INSERT INTO secrets_b VALUES (1, 'b-only')");
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  static Project provision(String name) {
    ObjectNode body = engine.json().createObjectNode().put("name", name);
    String id = engine.projects().provision(null, body, null, "http://127.0.0.1:1").body().get("project_id").asText();
    return engine.projects().find(id).orElseThrow();
  }

  static SqlResult sql(Project p, String text) {
    return engine.sql().run(p, new SqlRequest(text, List.of()));
  }

  @Test
  void own_schema_is_readable() {
    SqlResult r = sql(a, "SELECT v FROM secrets_a");
    assertThat(r.rows()).extracting(n -> n.get("v").asText()).containsExactly("a-only");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT * FROM %s.secrets_b",
      "INSERT INTO %s.secrets_b VALUES (2, 'x')",
      "SELECT * FROM internal.projects",
      "SELECT * FROM internal.wallets",
      "SELECT set_config('search_path', '%s', false); SELECT * FROM secrets_b",
      "DO $$ BEGIN EXECUTE 'SELECT * FROM %s.secrets_b'; END $$",
      "DO $$ BEGIN EXECUTE 'CREATE ROLE sneaky LOGIN SUPERUSER'; END $$",
      "DO $$ BEGIN EXECUTE 'CREATE SCHEMA sneaky'; END $$",
      "DO $$ BEGIN EXECUTE 'GRANT %s_owner TO CURRENT_USER'; END $$",
      "DO $$ BEGIN EXECUTE 'SET ROLE %s_owner'; END $$",
      "/* comment */ DO $x$ BEGIN EXECUTE 'ALTER ROLE ' || current_user || ' SUPERUSER'; END $x$",
      "DO $$ BEGIN EXECUTE 'CREATE EXTENSION dblink'; END $$",
      "COPY secrets_a TO '/tmp/run402-leak.txt'",
      "SELECT pg_read_file('/etc/passwd')",
      "SELECT lo_import('/etc/passwd')",
      "CREATE TABLE public.planted (x int)",
      "DROP TABLE %s.secrets_b"
  })
  void cross_tenant_and_privileged_sql_fails_with_a_permission_error(String template) {
    String text = template.replace("%s", b.schemaSlot());
    assertThatThrownBy(() -> sql(a, text))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.error()).isEqualTo("sql_error");
          assertThat((String) e.extra().get("sqlstate")).isIn("42501", "42P01", "3F000", "58P01", "0A000", "42704");
        });
    JsonNode rows = sql(b, "SELECT count(*) AS n FROM secrets_b").rows().get(0);
    assertThat(rows.get("n").asText()).isEqualTo("1");
  }

  @Test
  void reset_role_stays_inside_the_tenant() {
    SqlResult r = sql(a, "RESET ROLE; SELECT current_user AS u, session_user AS s");
    assertThat(r.rows().get(0).get("u").asText()).isEqualTo(a.ownerRole());
    assertThat(r.rows().get(0).get("s").asText()).isEqualTo(a.ownerRole());
  }

  @Test
  void blocklisted_sql_answers_403_with_the_production_message() {
    assertThatThrownBy(() -> sql(a, "GRANT SELECT ON secrets_a TO PUBLIC"))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.getMessage()).startsWith("Blocked SQL pattern: \\bGRANT\\b — Permissions are managed");
        });
  }
}

package com.run402.local.server;

import static com.run402.local.server.ExposeFixture.denied;
import static com.run402.local.server.ExposeFixture.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.Run402Local;
import com.run402.local.junit5.Run402Test;
import com.run402.local.testsupport.Api;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /projects/v1/admin/:id/rls}: production's templates, names and messages (legacy-gateway 1.4, 5.5). */
@Run402Test
class LegacyRlsIT {
  static final UUID ALICE = UUID.fromString("00000000-0000-4000-8000-00000000000a");
  static final UUID BOB = UUID.fromString("00000000-0000-4000-8000-00000000000b");
  static final String USAGE = "Requires template (user_owns_rows, public_read, public_read_write) and tables array";
  ExposeFixture f;

  @BeforeEach
  void setUp(Run402Local local) {
    f = new ExposeFixture(new Api(local.baseUri()), local.createProject("rls-" + System.nanoTime()));
    f.sql("CREATE TABLE todos (id serial PRIMARY KEY, user_id uuid, title text);"
        + "CREATE TABLE news (id serial PRIMARY KEY, title text); INSERT INTO news (title) VALUES ('n1')");
  }

  @Test
  void user_owns_rows_uses_the_production_policy_names_and_isolates_users() {
    Api.Res r = f.rls(j("{'template':'user_owns_rows','tables':[{'table':'todos','owner_column':'user_id'}]}"));
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.json().toString()).isEqualTo("{\"status\":\"ok\",\"template\":\"user_owns_rows\",\"tables\":[\"todos\"]}");
    JsonNode names = f.rows(f.sql("SELECT polname FROM pg_policy WHERE polrelid = 'todos'::regclass ORDER BY polname"));
    assertThat(names.findValuesAsText("polname")).containsExactly("Users can delete own rows",
        "Users can insert own rows", "Users can update own rows", "Users can view own rows");
    f.asUser(ALICE, "INSERT INTO todos (user_id, title) VALUES ('" + ALICE + "', 'a')");
    denied(f.asUser(BOB, "INSERT INTO todos (user_id, title) VALUES ('" + ALICE + "', 'forged')"));
    assertThat(f.rows(f.asUser(BOB, "SELECT * FROM todos"))).isEmpty();
    assertThat(f.rows(f.asUser(ALICE, "SELECT title FROM todos")).findValuesAsText("title")).containsExactly("a");
    assertThat(f.rows(f.asAnon("SELECT * FROM todos"))).as("anon may ask and sees nothing").isEmpty();
    denied(f.asAnon("INSERT INTO todos (title) VALUES ('x')"));
    assertThat(f.rls(j("{'template':'user_owns_rows','tables':[{'table':'todos','owner_column':'user_id'}]}"))
        .status()).as("re-running drops and recreates its own policies").isEqualTo(200);
  }

  @Test
  void public_read_and_public_read_write() {
    assertThat(f.rls(j("{'template':'public_read','tables':[{'table':'news'}]}")).status()).isEqualTo(200);
    assertThat(f.rows(f.asAnon("SELECT title FROM news")).findValuesAsText("title")).containsExactly("n1");
    denied(f.asAnon("INSERT INTO news (title) VALUES ('x')"));
    assertThat(f.asUser(ALICE, "INSERT INTO news (title) VALUES ('by alice')").status()).isEqualTo(200);

    assertThat(f.rls(j("{'template':'public_read_write','tables':[{'table':'news'}]}")).status()).isEqualTo(200);
    assertThat(f.asAnon("INSERT INTO news (title) VALUES ('anon')").status()).isEqualTo(200);
    assertThat(f.asAnon("DELETE FROM news").json().get("row_count").asInt()).isEqualTo(3);
  }

  @Test
  void production_messages_and_a_clean_400_for_unknown_tables() {
    for (String bad : new String[] {"{}", "{'template':'everyone','tables':[]}", "{'template':'public_read'}",
        "{'template':'public_read','tables':{}}", "{'template':'public_read','tables':[5]}"}) {
      Api.Res r = f.rls(j(bad));
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.json().get("message").asText()).as(bad).isEqualTo(USAGE);
    }
    Api.Res owner = f.rls(j("{'template':'user_owns_rows','tables':[{'table':'todos'}]}"));
    assertThat(owner.status()).isEqualTo(400);
    assertThat(owner.json().get("message").asText())
        .isEqualTo("owner_column required for table 'todos' with user_owns_rows template");
    Api.Res missing = f.rls(j("{'template':'public_read','tables':[{'table':'news'},{'table':'ghost'}]}"));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().get("error").asText()).isEqualTo("table_not_found");
    denied(f.asAnon("SELECT * FROM news")); // nothing half-applied
    Api.Res col = f.rls(j("{'template':'user_owns_rows','tables':[{'table':'todos','owner_column':'nope'}]}"));
    assertThat(col.json().get("error").asText()).isEqualTo("column_not_found");
  }
}

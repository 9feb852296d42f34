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

/** Re-applying converges: the same manifest is a no-op, removed items lose their grants, policies and views. */
@Run402Test
class ExposeConvergenceIT {
  static final UUID ALICE = UUID.fromString("00000000-0000-4000-8000-00000000000a");
  static final String FULL = j("{'version':'1','tables':["
      + "{'name':'notes','expose':true,'policy':'user_owns_rows','owner_column':'owner','force_owner_on_insert':true},"
      + "{'name':'posts','expose':true,'policy':'public_read_authenticated_write'}],"
      + "'views':[{'name':'post_titles','base':'posts','select':['title'],'expose':true}],"
      + "'rpcs':[{'name':'ping','signature':'()','grant_to':['anon']}]}");
  ExposeFixture f;

  @BeforeEach
  void setUp(Run402Local local) {
    f = new ExposeFixture(new Api(local.baseUri()), local.createProject("conv-" + System.nanoTime()));
    f.sql("CREATE TABLE notes (id serial PRIMARY KEY, owner uuid, body text);"
        + "CREATE TABLE posts (id serial PRIMARY KEY, title text); INSERT INTO posts (title) VALUES ('t');"
        + "CREATE FUNCTION ping() RETURNS text LANGUAGE sql AS 'SELECT ''pong''::text'");
  }

  String policyOids() {
    return f.rows(f.sql("SELECT string_agg(p.oid::text, ',' ORDER BY p.oid) AS o FROM pg_policy p "
        + "JOIN pg_class c ON c.oid = p.polrelid WHERE c.relnamespace = current_schema()::regnamespace")).get(0).get("o").asText();
  }

  @Test
  void applying_the_same_manifest_twice_changes_nothing() {
    JsonNode first = f.applyOk(FULL);
    assertThat(first.get("applied").toString())
        .isEqualTo("{\"tables\":[\"notes\",\"posts\"],\"views\":[\"post_titles\"],\"rpcs\":[\"ping\"]}");
    String before = policyOids();
    JsonNode second = f.applyOk(FULL);
    assertThat(second.get("applied")).isEqualTo(first.get("applied"));
    assertThat(second.get("dropped").toString()).isEqualTo("{\"tables\":[],\"views\":[],\"rpcs\":[]}");
    assertThat(policyOids()).as("no policy was dropped and recreated").isEqualTo(before);

    JsonNode got = f.get().json();
    assertThat(got.get("source").asText()).isEqualTo("applied");
    assertThat(got.get("manifest").get("tables").get(0).get("owner_column").asText()).isEqualTo("owner");
    assertThat(got.get("manifest").get("views").get(0).get("base").asText()).isEqualTo("posts");
    assertThat(got.get("manifest").get("rpcs").get(0).get("grant_to").toString()).isEqualTo("[\"anon\"]");
  }

  @Test
  void a_table_recreated_behind_the_manifest_is_reexposed_on_the_next_apply() {
    f.applyOk(FULL);
    f.sql("DROP VIEW post_titles; DROP TABLE posts; CREATE TABLE posts (id serial PRIMARY KEY, title text)");
    denied(f.asAnon("SELECT * FROM posts"));
    f.applyOk(FULL);
    assertThat(f.rows(f.asAnon("SELECT * FROM post_titles"))).isEmpty();
  }

  @Test
  void removed_items_lose_grants_policies_triggers_and_views_but_tables_stay() {
    f.applyOk(FULL);
    JsonNode res = f.applyOk(j("{'version':'1','tables':[{'name':'posts','policy':'public_read_authenticated_write'}]}"));
    assertThat(res.get("dropped").toString())
        .isEqualTo("{\"tables\":[\"notes\"],\"views\":[\"post_titles\"],\"rpcs\":[\"ping\"]}");
    denied(f.asAnon("SELECT * FROM notes"));
    denied(f.asUser(ALICE, "SELECT * FROM notes"));
    denied(f.asAnon("SELECT ping()"));
    assertThat(f.rows(f.sql("SELECT count(*) AS n FROM pg_policy WHERE polrelid = 'notes'::regclass")).get(0).get("n").asText()).isEqualTo("0");
    assertThat(f.rows(f.sql("SELECT count(*) AS n FROM pg_trigger WHERE tgrelid = 'notes'::regclass"))
        .get(0).get("n").asText()).isEqualTo("0");
    assertThat(f.rows(f.sql("SELECT to_regclass('post_titles') IS NULL AS gone, to_regclass('notes') IS NOT NULL AS kept"))
        .get(0).toString()).isEqualTo("{\"gone\":true,\"kept\":true}");
    assertThat(f.rows(f.asAnon("SELECT title FROM posts")).findValuesAsText("title")).containsExactly("t");

    JsonNode empty = f.applyOk("{\"version\":\"1\"}");
    assertThat(empty.get("dropped").get("tables").toString()).isEqualTo("[\"posts\"]");
    denied(f.asAnon("SELECT * FROM posts"));
  }

  @Test
  void a_first_apply_darkens_tables_opened_by_the_legacy_rls_route() {
    assertThat(f.rls(j("{'template':'public_read','tables':[{'table':'posts'}]}")).status()).isEqualTo(200);
    JsonNode introspected = f.get().json();
    assertThat(introspected.get("source").asText()).isEqualTo("introspected");
    assertThat(introspected.get("manifest").get("tables").get(0).get("policy").asText())
        .isEqualTo("public_read_authenticated_write");
    JsonNode res = f.applyOk(j("{'tables':[{'name':'notes','policy':'user_owns_rows','owner_column':'owner'}]}"));
    assertThat(res.get("dropped").get("tables").toString()).isEqualTo("[\"posts\"]");
    denied(f.asAnon("SELECT * FROM posts"));
  }

  @Test
  void an_introspected_manifest_can_be_posted_back() {
    f.rls(j("{'template':'user_owns_rows','tables':[{'table':'notes','owner_column':'owner'}]}"));
    JsonNode m = f.get().json().get("manifest");
    assertThat(m.get("tables").get(0).get("policy").asText()).isEqualTo("user_owns_rows");
    assertThat(m.get("tables").get(0).get("owner_column").asText()).isEqualTo("owner");
    JsonNode res = f.applyOk(m.toString());
    assertThat(res.get("dropped").get("tables")).isEmpty();
    assertThat(f.get().json().get("source").asText()).isEqualTo("applied");
    f.asUser(ALICE, "INSERT INTO notes (owner, body) VALUES ('" + ALICE + "', 'mine')");
    assertThat(f.rows(f.asUser(ALICE, "SELECT body FROM notes"))).hasSize(1);
    assertThat(f.rows(f.asAnon("SELECT body FROM notes"))).isEmpty();
  }
}

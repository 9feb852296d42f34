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

/** The expose manifest over HTTP on real Postgres: dark by default, each policy, views, RPCs, convergence. */
@Run402Test
class ExposeRoutesIT {
  static final UUID ALICE = UUID.fromString("00000000-0000-4000-8000-00000000000a");
  static final UUID BOB = UUID.fromString("00000000-0000-4000-8000-00000000000b");
  ExposeFixture f;

  @BeforeEach
  void setUp(Run402Local local) {
    f = new ExposeFixture(new Api(local.baseUri()), local.createProject("expose-" + System.nanoTime()));
  }

  @Test
  void tables_are_dark_by_default_but_serial_sequences_are_granted() {
    f.sql("CREATE TABLE items (id serial PRIMARY KEY, v text); INSERT INTO items (v) VALUES ('x')");
    denied(f.asAnon("SELECT * FROM items"));
    denied(f.asUser(ALICE, "SELECT * FROM items"));
    denied(f.asUser(ALICE, "INSERT INTO items (v) VALUES ('y')"));
    assertThat(f.rows(f.asUser(ALICE, "SELECT has_sequence_privilege('items_id_seq', 'USAGE') AS u"))
        .get(0).get("u").asBoolean()).isTrue();
    JsonNode got = f.get().json();
    assertThat(got.get("source").asText()).isEqualTo("introspected");
    assertThat(got.get("manifest").get("tables")).isEmpty();
    assertThat(got.get("project_id").asText()).isEqualTo(f.p.projectId());
  }

  @Test
  void user_owns_rows_isolates_users_and_force_owner_overrides_the_sent_owner() {
    f.sql("CREATE TABLE notes (id serial PRIMARY KEY, owner uuid, body text)");
    JsonNode res = f.applyOk(j("{'version':'1','tables':[{'name':'notes','expose':true,'policy':'user_owns_rows',"
        + "'owner_column':'owner','force_owner_on_insert':true}]}"));
    assertThat(res.get("status").asText()).isEqualTo("ok");
    assertThat(res.get("applied").get("tables").get(0).asText()).isEqualTo("notes");
    assertThat(res.get("dropped").get("tables")).isEmpty();

    assertThat(f.asUser(ALICE, "INSERT INTO notes (owner, body) VALUES ('" + BOB + "', 'a1')").status()).isEqualTo(200);
    assertThat(f.asUser(BOB, "INSERT INTO notes (body) VALUES ('b1')").status()).isEqualTo(200);
    JsonNode alice = f.rows(f.asUser(ALICE, "SELECT owner::text AS owner, body FROM notes"));
    assertThat(alice).hasSize(1);
    assertThat(alice.get(0).get("body").asText()).isEqualTo("a1");
    assertThat(alice.get(0).get("owner").asText()).isEqualTo(ALICE.toString());
    assertThat(f.rows(f.asUser(BOB, "SELECT body FROM notes")).findValuesAsText("body")).containsExactly("b1");
    assertThat(f.asUser(ALICE, "UPDATE notes SET body = 'hacked' WHERE body = 'b1'").json().get("row_count").asInt())
        .isZero();
    assertThat(f.asUser(ALICE, "DELETE FROM notes WHERE body = 'b1'").json().get("row_count").asInt()).isZero();
    assertThat(f.rows(f.asAnon("SELECT * FROM notes"))).isEmpty();
    denied(f.asAnon("INSERT INTO notes (body) VALUES ('anon')"));
    assertThat(f.rows(f.sql("SELECT count(*) AS n FROM notes")).get(0).get("n").asText()).isEqualTo("2");
    JsonNode schema = f.api.get("/projects/v1/admin/" + f.p.projectId() + "/schema", Api.bearer(f.p.serviceKey()))
        .json().get("tables").get(0);
    assertThat(schema.get("rls_enabled").asBoolean()).isTrue();
    assertThat(schema.get("policies").findValuesAsText("name")).containsExactlyInAnyOrder(
        "run402_user_owns_rows_select", "run402_user_owns_rows_insert", "run402_user_owns_rows_update",
        "run402_user_owns_rows_delete");
  }

  @Test
  void text_owner_columns_compare_as_text() {
    f.sql("CREATE TABLE docs (id serial PRIMARY KEY, user_id text, t text)");
    f.applyOk(j("{'tables':[{'name':'docs','policy':'user_owns_rows','owner_column':'user_id'}]}"));
    f.asUser(ALICE, "INSERT INTO docs (user_id, t) VALUES ('" + ALICE + "', 'mine')");
    denied(f.asUser(ALICE, "INSERT INTO docs (user_id, t) VALUES ('" + BOB + "', 'forged')"));
    assertThat(f.rows(f.asUser(ALICE, "SELECT t FROM docs")).findValuesAsText("t")).containsExactly("mine");
  }

  @Test
  void public_read_authenticated_write_lets_anyone_read_and_only_users_write() {
    f.sql("CREATE TABLE posts (id serial PRIMARY KEY, title text); INSERT INTO posts (title) VALUES ('hello')");
    f.applyOk(j("{'tables':[{'name':'posts','expose':true,'policy':'public_read_authenticated_write'}]}"));
    assertThat(f.rows(f.asAnon("SELECT title FROM posts")).findValuesAsText("title")).containsExactly("hello");
    denied(f.asAnon("INSERT INTO posts (title) VALUES ('spam')"));
    denied(f.asAnon("DELETE FROM posts"));
    assertThat(f.asUser(ALICE, "INSERT INTO posts (title) VALUES ('by alice')").status()).isEqualTo(200);
    assertThat(f.rows(f.asUser(BOB, "SELECT count(*) AS n FROM posts")).get(0).get("n").asText()).isEqualTo("2");
  }

  @Test
  void unrestricted_needs_the_acknowledgement_and_then_lets_anon_write() {
    f.sql("CREATE TABLE guestbook (id serial PRIMARY KEY, msg text, password text)");
    Api.Res refused = f.apply(j("{'tables':[{'name':'guestbook','policy':'public_read_write_UNRESTRICTED'}]}"));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("error").asText()).isEqualTo("invalid_manifest");
    assertThat(ExposeFixture.types(refused.json().get("errors"))).containsExactly("unrestricted-ack-required");
    denied(f.asAnon("SELECT * FROM guestbook"));

    JsonNode ok = f.applyOk(j("{'tables':[{'name':'guestbook','policy':'public_read_write_UNRESTRICTED',"
        + "'i_understand_this_is_unrestricted':true}]}"));
    assertThat(ExposeFixture.types(ok.get("warnings"))).containsExactly("sensitive-column-public-write");
    assertThat(f.asAnon("INSERT INTO guestbook (msg) VALUES ('hi')").status()).isEqualTo(200);
    assertThat(f.asAnon("UPDATE guestbook SET msg = 'edited'").json().get("row_count").asInt()).isEqualTo(1);
    assertThat(f.rows(f.asAnon("SELECT msg FROM guestbook")).findValuesAsText("msg")).containsExactly("edited");
  }

  @Test
  void custom_policies_run_and_anything_but_create_policy_on_the_table_is_refused() {
    f.sql("CREATE TABLE articles (id serial PRIMARY KEY, title text, published boolean);"
        + "INSERT INTO articles (title, published) VALUES ('draft', false), ('live', true);"
        + "CREATE TABLE other (id int)");
    f.applyOk("{\"tables\":[{\"name\":\"articles\",\"policy\":\"custom\",\"custom_sql\":"
        + "\"-- only published rows\\nCREATE POLICY only_published ON articles FOR SELECT USING (published);\"}]}");
    assertThat(f.rows(f.asAnon("SELECT title FROM articles")).findValuesAsText("title")).containsExactly("live");
    assertThat(f.asAnon("INSERT INTO articles (title) VALUES ('x')").json().get("sqlstate").asText()).isEqualTo("42501");

    Api.Res drop = f.apply(j("{'tables':[{'name':'articles','policy':'custom',"
        + "'custom_sql':'CREATE POLICY p ON articles USING (true); DROP TABLE other'}]}"));
    assertThat(drop.status()).isEqualTo(400);
    assertThat(ExposeFixture.types(drop.json().get("errors"))).containsExactly("schema-shape");
    assertThat(drop.json().get("errors").get(0).get("detail").asText()).contains("only contain CREATE POLICY");
    Api.Res elsewhere = f.apply(j("{'tables':[{'name':'articles','policy':'custom',"
        + "'custom_sql':'CREATE POLICY p ON other USING (true)'}]}"));
    assertThat(elsewhere.status()).isEqualTo(400);
    assertThat(elsewhere.json().get("errors").get(0).get("detail").asText()).contains("'other'");
    assertThat(f.rows(f.sql("SELECT count(*) AS n FROM other")).get(0).get("n").asText()).isEqualTo("0");
  }

  @Test
  void a_failing_statement_rolls_back_the_whole_manifest() {
    f.sql("CREATE TABLE a (id int, owner uuid); CREATE TABLE b (id int)");
    Api.Res r = f.apply(j("{'tables':[{'name':'a','policy':'user_owns_rows','owner_column':'owner'},"
        + "{'name':'b','policy':'custom','custom_sql':'CREATE POLICY bad ON b USING (no_such_column)'}]}"));
    assertThat(r.status()).as(r.text()).isEqualTo(400);
    assertThat(r.json().get("error").asText()).isEqualTo("expose_failed");
    assertThat(r.json().get("message").asText()).contains("no_such_column");
    denied(f.asUser(ALICE, "SELECT * FROM a"));
    assertThat(f.get().json().get("source").asText()).isEqualTo("introspected");
  }

  @Test
  void views_are_security_invoker_and_granted_per_expose() {
    f.sql("CREATE TABLE profiles (id serial PRIMARY KEY, name text, email text, public boolean);"
        + "INSERT INTO profiles (name, email, public) VALUES ('ann', 'a@x', true), ('hid', 'h@x', false);"
        + "CREATE TABLE secret (id int, v text); INSERT INTO secret VALUES (1, 's')");
    f.applyOk(j("{'tables':[{'name':'profiles','policy':'public_read_authenticated_write'}],'views':["
        + "{'name':'public_profiles','base':'profiles','select':['id','name'],'filter':'public','expose':true},"
        + "{'name':'secret_view','base':'secret','select':['v'],'expose':true}]}"));
    JsonNode rows = f.rows(f.asAnon("SELECT * FROM public_profiles"));
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).get("name").asText()).isEqualTo("ann");
    assertThat(rows.get(0).has("email")).isFalse();
    // security_invoker: the reader needs the base's privileges, so a view cannot leak a dark table.
    denied(f.asAnon("SELECT * FROM secret_view"));
    assertThat(f.rows(f.sql("SELECT reloptions::text AS o FROM pg_class WHERE relname = 'public_profiles'"))
        .get(0).get("o").asText()).contains("security_invoker=true");
  }

  @Test
  void rpc_grants_follow_grant_to() {
    f.sql("CREATE FUNCTION add_one(x integer) RETURNS integer LANGUAGE sql AS 'SELECT x + 1';"
        + "CREATE FUNCTION hello() RETURNS text LANGUAGE sql AS 'SELECT ''hi''::text'");
    JsonNode res = f.applyOk(j("{'rpcs':[{'name':'add_one','signature':'(int)','grant_to':['authenticated']},"
        + "{'name':'hello','grant_to':['anon','service_role']}]}"));
    assertThat(res.get("applied").get("rpcs").toString()).isEqualTo("[\"add_one\",\"hello\"]");
    denied(f.asAnon("SELECT add_one(1)"));
    assertThat(f.rows(f.asUser(ALICE, "SELECT add_one(1) AS r")).get(0).get("r").asInt()).isEqualTo(2);
    assertThat(f.rows(f.asAnon("SELECT hello() AS r")).get(0).get("r").asText()).isEqualTo("hi");
    denied(f.asUser(ALICE, "SELECT hello()"));
    assertThat(f.rows(f.sql("SELECT hello() AS r")).get(0).get("r").asText()).isEqualTo("hi");
  }

  @Test
  void view_filters_run_as_the_owner_role_and_cannot_reach_the_control_plane() {
    f.sql("CREATE TABLE t (id int)");
    Api.Res leak = f.apply(j("{'tables':[{'name':'t','policy':'public_read_authenticated_write'}],'views':[{'name':'v',"
        + "'base':'t','select':['id'],'filter':'EXISTS (SELECT 1 FROM internal.projects)'}]}"));
    assertThat(leak.status()).as(leak.text()).isEqualTo(400);
    assertThat(leak.json().get("sqlstate").asText()).isEqualTo("42501");
    denied(f.asAnon("SELECT * FROM t"));
    Api.Res escape = f.apply(j("{'views':[{'name':'v','base':'t','select':['id'],'filter':'true; RESET ROLE'}]}"));
    assertThat(escape.status()).isEqualTo(400);
    assertThat(ExposeFixture.types(escape.json().get("errors"))).containsExactly("schema-shape");
  }
}

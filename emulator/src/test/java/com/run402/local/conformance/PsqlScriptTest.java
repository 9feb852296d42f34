package com.run402.local.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PsqlScriptTest {
  private static List<String> sql(String text, Map<String, String> vars) {
    return PsqlScript.parse(text, Path.of("t.sql"), vars).stream().map(s -> s.sql().strip())
        .collect(Collectors.toList());
  }

  private static List<String> sql(String text) {
    return sql(text, new HashMap<>());
  }

  @Test
  void splits_at_top_level_semicolons_only() {
    assertThat(sql("select 1; select ';' ; select \"a;b\" from t;select (1;2)")).containsExactly(
        "select 1", "select ';'", "select \"a;b\" from t", "select (1;2)");
  }

  @Test
  void dollar_quoted_bodies_keep_their_semicolons_and_quotes() {
    String fn = "create function f() returns int as $$ begin return 1; end; $$ language plpgsql";
    String tagged = "create function g() returns text as $_$ select 'x;$$'; $_$ language sql";
    assertThat(sql(fn + ";\n" + tagged + ";")).containsExactly(fn, tagged);
  }

  @Test
  void positional_parameters_and_identifiers_with_dollars_are_not_dollar_quotes() {
    assertThat(sql("select $1 * 2; select a$b$ from t; select 2")).containsExactly(
        "select $1 * 2", "select a$b$ from t", "select 2");
  }

  @Test
  void escape_strings_and_doubled_quotes() {
    assertThat(sql("select E'it\\'s; fine'; select 'it''s; fine'; select '\\'; select 3")).containsExactly(
        "select E'it\\'s; fine'", "select 'it''s; fine'", "select '\\'", "select 3");
  }

  @Test
  void comments_are_dropped_and_may_hold_semicolons() {
    assertThat(sql("-- a; b\nselect 1 /* x; /* nested; */ y */ + 1; -- tail\n")).containsExactly("select 1   + 1");
  }

  @Test
  void psql_variables_are_substituted_outside_quotes_only() {
    Map<String, String> vars = new HashMap<>(Map.of("DBNAME", "spec", "PGUSER", "post\"gres", "x", "it's"));
    assertThat(sql("alter database :DBNAME set a = '1'; grant r to :\"PGUSER\"; select :'x', ':DBNAME', "
        + "a::text, arr[2:n], :undefined, $$ :DBNAME $$", vars)).containsExactly(
            "alter database spec set a = '1'", "grant r to \"post\"\"gres\"",
            "select 'it''s', ':DBNAME', a::text, arr[2:n], :undefined, $$ :DBNAME $$");
  }

  @Test
  void backslash_values_become_escape_strings_like_psql() {
    assertThat(PsqlScript.quoteLiteral("a\\b")).isEqualTo(" E'a\\\\b'");
  }

  @Test
  void copy_from_stdin_collects_data_up_to_the_terminator() {
    List<PsqlScript.Stmt> s = PsqlScript.parse("copy t (a, b) from stdin csv delimiter '|';\n1|x\n2|y;z\n\\.\n"
        + "select 1;", Path.of("t.sql"), new HashMap<>());
    assertThat(s).hasSize(2);
    assertThat(s.get(0).copyData()).isEqualTo("1|x\n2|y;z\n");
    assertThat(s.get(1).sql().strip()).isEqualTo("select 1");
    assertThat(s.get(1).line()).isEqualTo(5);
  }

  @Test
  void set_and_include_relative(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/inner.sql"), "\n\nselect :'v';\n");
    Files.writeString(dir.resolve("main.sql"), "\\set v hello\n\\ir sub/inner.sql\n\\ir missing.sql\nselect 2;\n");
    List<PsqlScript.Stmt> s = PsqlScript.parseFile(dir.resolve("main.sql"), new HashMap<>());
    assertThat(s).extracting(PsqlScript.Stmt::sql).containsExactly("select 'hello'", "\\ir missing.sql",
        "select 2");
    assertThat(s.get(0).file()).isEqualTo("inner.sql");
    assertThat(s.get(0).line()).isEqualTo(3);
    assertThat(s.get(1).error()).startsWith("included file not found");
    assertThat(s.get(2).line()).isEqualTo(4);
  }

  @Test
  void statement_line_numbers_skip_leading_comments_and_blank_lines() {
    List<PsqlScript.Stmt> s = PsqlScript.parse("select 1;\n\n-- c\n/* d\n */\ncreate table t (\n a int\n);",
        Path.of("t.sql"), new HashMap<>());
    assertThat(s).extracting(PsqlScript.Stmt::line).containsExactly(1, 6);
    assertThat(s.get(1).firstLine()).isEqualTo("create table t ( ...");
  }

  @Test
  void created_object_names_for_cascade_tracking() {
    assertThat(FixtureLoader.createdBy("create table test.lines (id int)")).contains("lines");
    assertThat(FixtureLoader.createdBy("CREATE OR REPLACE FUNCTION test.get_shop(id int) returns int"))
        .contains("get_shop");
    assertThat(FixtureLoader.createdBy("create aggregate test.twkb_agg (test.lines) (sfunc = f)")).contains("twkb_agg");
    assertThat(FixtureLoader.createdBy("create view \"SPECIAL \"\"@\".\"My View\" as select 1")).contains("My View");
    assertThat(FixtureLoader.createdBy("insert into t values (1)")).isEmpty();
    assertThat(FixtureLoader.mentionsAny("type test.lines does not exist", java.util.Set.of("lines"))).isTrue();
    assertThat(FixtureLoader.mentionsAny("relation \"shops\" does not exist", java.util.Set.of("shops"))).isTrue();
    assertThat(FixtureLoader.mentionsAny("relation \"workshops\" does not exist", java.util.Set.of("shops")))
        .isFalse();
  }
}

package com.run402.local.runtime.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SqlTextTest {

  static Stream<Arguments> keywordCases() {
    return Stream.of(
        Arguments.of("select 1", List.of("SELECT")),
        Arguments.of("SELECT 1; insert into t values (1); Update t set a = 2", List.of("SELECT", "INSERT", "UPDATE")),
        Arguments.of("create table t (id int);\n\ndelete from t;", List.of("CREATE", "DELETE")),
        Arguments.of("-- leading comment; DROP TABLE t\nselect 1", List.of("SELECT")),
        Arguments.of("/* block ; DROP */ insert into t values (1)", List.of("INSERT")),
        Arguments.of("/* outer /* nested ; DROP */ still comment ; ALTER */ update t set a = 1", List.of("UPDATE")),
        Arguments.of("select ';' ; delete from t", List.of("SELECT", "DELETE")),
        Arguments.of("select 'it''s; fine'; drop table t", List.of("SELECT", "DROP")),
        Arguments.of("select E'a\\';b'; truncate t", List.of("SELECT", "TRUNCATE")),
        Arguments.of("do $$ begin perform 1; perform 2; end $$; select 1", List.of("DO", "SELECT")),
        Arguments.of("create function f() returns int as $body$ select 1; $$ ; $body$ language sql; vacuum",
            List.of("CREATE", "VACUUM")),
        Arguments.of("select \"weird;name\" from t; insert into t default values", List.of("SELECT", "INSERT")),
        Arguments.of(";;  ;select 1;;\n;", List.of("SELECT")),
        Arguments.of("", List.of()),
        Arguments.of("  -- only a comment", List.of()),
        Arguments.of("with x as (insert into t values (1) returning *) insert into u select * from x",
            List.of("WITH")),
        Arguments.of("select/*c*/1;alter table t add column b int", List.of("SELECT", "ALTER")),
        Arguments.of("create_thing_2()", List.of("CREATE_THING_2")));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("keywordCases")
  void leading_keywords_finds_the_first_word_of_each_non_empty_statement(String sql, List<String> expected) {
    assertThat(SqlText.leadingKeywords(sql)).isEqualTo(expected);
  }

  @Test
  void leading_keywords_are_upper_cased_regardless_of_input_case() {
    assertThat(SqlText.leadingKeywords("sElEcT 1; InSeRt into t values (1)")).containsExactly("SELECT", "INSERT");
  }

  @Test
  void leading_keywords_ignore_a_comment_between_statements() {
    assertThat(SqlText.leadingKeywords("select 1; -- drop\n/* x */ delete from t"))
        .containsExactly("SELECT", "DELETE");
  }

  static Stream<Arguments> rewriteCases() {
    return Stream.of(
        Arguments.of("select $1", "select ?", List.of(1)),
        Arguments.of("select $1, $2", "select ?, ?", List.of(1, 2)),
        Arguments.of("select $2, $1", "select ?, ?", List.of(2, 1)),
        Arguments.of("select $1 + $1", "select ? + ?", List.of(1, 1)),
        Arguments.of("select $10, $1", "select ?, ?", List.of(10, 1)),
        Arguments.of("select $1::int", "select ?::int", List.of(1)),
        Arguments.of("select '{}'::jsonb ? 'a'", "select '{}'::jsonb ?? 'a'", List.of()),
        Arguments.of("select data ?| $1 from t", "select data ??| ? from t", List.of(1)),
        Arguments.of("select '$1 and ?'", "select '$1 and ?'", List.of()),
        Arguments.of("select E'\\'$1'", "select E'\\'$1'", List.of()),
        Arguments.of("select \"col$1\" from t", "select \"col$1\" from t", List.of()),
        Arguments.of("select 1 -- $1 ?\n, $1", "select 1 -- $1 ?\n, ?", List.of(1)),
        Arguments.of("select /* $2 ? */ $1", "select /* $2 ? */ ?", List.of(1)),
        Arguments.of("select $$ $1 ? $$, $1", "select $$ $1 ? $$, ?", List.of(1)),
        Arguments.of("select $q$ $2 $q$ || $1", "select $q$ $2 $q$ || ?", List.of(1)),
        Arguments.of("select a$1 from t", "select a$1 from t", List.of()),
        Arguments.of("select _$2, x1$3", "select _$2, x1$3", List.of()),
        Arguments.of("select 1", "select 1", List.of()));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("rewriteCases")
  void rewrite_placeholders_turns_dollar_numbers_into_jdbc_markers(String sql, String rewritten, List<Integer> order) {
    SqlText.Rewritten r = SqlText.rewritePlaceholders(sql);
    assertThat(r.sql()).isEqualTo(rewritten);
    assertThat(r.order()).isEqualTo(order);
  }

  @Test
  void rewrite_placeholders_leaves_an_unterminated_string_alone() {
    SqlText.Rewritten r = SqlText.rewritePlaceholders("select 'abc $1");
    assertThat(r.sql()).isEqualTo("select 'abc $1");
    assertThat(r.order()).isEmpty();
  }

  @Test
  void skip_non_code_returns_the_index_after_a_literal_or_the_same_index_for_code() {
    assertThat(SqlText.skipNonCode("'ab'x", 0)).isEqualTo(4);
    assertThat(SqlText.skipNonCode("\"a\"\"b\"x", 0)).isEqualTo(6);
    assertThat(SqlText.skipNonCode("--c\nx", 0)).isEqualTo(4);
    assertThat(SqlText.skipNonCode("/* /* */ */x", 0)).isEqualTo(11);
    assertThat(SqlText.skipNonCode("$t$ $ $t$x", 0)).isEqualTo(9);
    assertThat(SqlText.skipNonCode("$1", 0)).isEqualTo(0);
    assertThat(SqlText.skipNonCode("select", 0)).isEqualTo(0);
  }

  @Test
  void statements_split_at_top_level_semicolons_only() {
    org.assertj.core.api.Assertions.assertThat(SqlText.statements(
        "-- lead\nSELECT ';'; /* x; */ SELECT $a$ ; $a$ ;; SELECT \"a;b\"  "))
        .containsExactly("SELECT ';'", "SELECT $a$ ; $a$", "SELECT \"a;b\"");
    org.assertj.core.api.Assertions.assertThat(SqlText.statements(" -- only a comment")).isEmpty();
  }
}

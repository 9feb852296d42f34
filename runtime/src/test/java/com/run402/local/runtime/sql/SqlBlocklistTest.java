package com.run402.local.runtime.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.run402.local.runtime.error.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlBlocklistTest {
  private static final String GRANT_HINT = "Permissions are managed automatically. For SERIAL/BIGSERIAL columns, "
      + "sequence permissions are pre-granted. Prefer BIGINT GENERATED ALWAYS AS IDENTITY over SERIAL for new tables.";
  private static final String REVOKE_HINT = "Permissions are managed automatically. Use RLS policies "
      + "(POST /projects/v1/admin/:id/rls) to control row-level access.";

  private static ApiException blocked(String sql) {
    ApiException e = catchThrowableOfType(ApiException.class, () -> SqlBlocklist.check(sql));
    assertThat(e).as("expected %s to be blocked", sql).isNotNull();
    assertThat(e.status()).isEqualTo(403);
    assertThat(e.error()).isEqualTo("sql_forbidden");
    return e;
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      CREATE EXTENSION pgcrypto                      | \\bCREATE\\s+EXTENSION\\b
      create   extension if not exists "uuid-ossp"   | \\bCREATE\\s+EXTENSION\\b
      COPY t FROM PROGRAM 'ls'                       | \\bCOPY\\b.*\\bPROGRAM\\b
      copy t to program 'cat > /tmp/x'               | \\bCOPY\\b.*\\bPROGRAM\\b
      ALTER SYSTEM SET work_mem = '1GB'              | \\bALTER\\s+SYSTEM\\b
      SET search_path TO public                      | \\bSET\\s+search_path\\b
      set SEARCH_PATH = p0002                        | \\bSET\\s+search_path\\b
      CREATE SCHEMA evil                             | \\bCREATE\\s+SCHEMA\\b
      drop schema p0002 cascade                      | \\bDROP\\s+SCHEMA\\b
      CREATE ROLE r LOGIN                            | \\bCREATE\\s+ROLE\\b
      Drop Role r                                    | \\bDROP\\s+ROLE\\b
      """)
  void blocks_each_pattern_with_its_regex_source_in_the_message(String sql, String source) {
    ApiException e = blocked(sql);
    assertThat(e.getMessage()).isEqualTo("Blocked SQL pattern: " + source);
    assertThat(e.extra()).containsOnlyKeys("pattern").containsEntry("pattern", source);
  }

  @Test
  void grant_is_blocked_with_its_hint_after_an_em_dash() {
    ApiException e = blocked("GRANT SELECT ON t TO anon");
    assertThat(e.getMessage()).isEqualTo("Blocked SQL pattern: \\bGRANT\\b — " + GRANT_HINT);
    assertThat(e.extra()).containsEntry("pattern", "\\bGRANT\\b").containsEntry("hint", GRANT_HINT);
  }

  @Test
  void revoke_is_blocked_with_its_hint_after_an_em_dash() {
    ApiException e = blocked("revoke all on t from anon");
    assertThat(e.getMessage()).isEqualTo("Blocked SQL pattern: \\bREVOKE\\b — " + REVOKE_HINT);
    assertThat(e.extra()).containsEntry("pattern", "\\bREVOKE\\b").containsEntry("hint", REVOKE_HINT);
  }

  @Test
  void the_first_pattern_in_production_order_is_reported() {
    assertThat(blocked("GRANT x TO y; CREATE EXTENSION z").getMessage())
        .isEqualTo("Blocked SQL pattern: \\bCREATE\\s+EXTENSION\\b");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
      "select 1 -- grant later",
      "/* create schema */ select 1",
      "select grant from t",
      "create table t (\"x\" int, grant int)"})
  void words_outside_string_literals_are_blocked_even_in_comments_and_identifiers(String sql) {
    blocked(sql);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
      "select 1",
      "insert into t (note) values ('please GRANT me access')",
      "select 'it''s a DROP SCHEMA x'",
      "select $$ grant all $$",
      "create function f() returns void as $body$ begin execute 'x'; revoke all on t from anon; end $body$ language plpgsql",
      "SET LOCAL search_path TO p0002",
      "select set_config('search_path', 'public', false)",
      "COPY t TO STDOUT",
      "copy t from stdin",
      "COPY t FROM\nPROGRAM 'ls'",
      "select grants, granted_at, my_grant, revoked_by from t",
      "create table schemas (id int)",
      "drop table roles"})
  void allowed_sql_passes(String sql) {
    assertThatCode(() -> SqlBlocklist.check(sql)).doesNotThrowAnyException();
  }

  @Test
  void text_after_a_dollar_quoted_body_is_still_checked() {
    blocked("select $$ harmless $$; grant all on t to anon");
  }

  @Test
  void text_after_a_single_quoted_string_is_still_checked() {
    blocked("select 'harmless'; drop role r");
  }
}

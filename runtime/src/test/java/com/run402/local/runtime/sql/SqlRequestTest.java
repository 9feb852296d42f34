package com.run402.local.runtime.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.run402.local.runtime.error.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlRequestTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NO_SQL =
      "No SQL provided — send raw SQL as text/plain body, or JSON with a \"sql\" field";

  private static ApiException fails(String contentType, String body) {
    ApiException e = catchThrowableOfType(ApiException.class, () -> SqlRequest.parse(contentType, body, JSON));
    assertThat(e).as("expected %s to be rejected", body).isNotNull();
    assertThat(e.status()).isEqualTo(400);
    return e;
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"text/plain", "application/sql", "application/x-www-form-urlencoded"})
  void any_non_json_content_type_sends_the_raw_body_as_sql(String contentType) {
    SqlRequest r = SqlRequest.parse(contentType, "{\"sql\":\"not parsed\"}", JSON);
    assertThat(r.sql()).isEqualTo("{\"sql\":\"not parsed\"}");
    assertThat(r.params()).isEmpty();
  }

  @Test
  void a_missing_content_type_is_treated_as_raw_sql() {
    assertThat(SqlRequest.parse(null, "select 1", JSON).sql()).isEqualTo("select 1");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      application/json                 | {"sql":"select 1"}
      Application/JSON; charset=utf-8  | {"sql":"select 1"}
      application/json                 | {"query":"select 1"}
      application/json                 | {"sql":null,"query":"select 1"}
      application/json                 | {"sql":"select 1","params":null}
      application/json                 | {"sql":"select 1","params":[]}
      """)
  void json_bodies_carry_sql_or_query(String contentType, String body) {
    SqlRequest r = SqlRequest.parse(contentType, body, JSON);
    assertThat(r.sql()).isEqualTo("select 1");
    assertThat(r.params()).isEmpty();
  }

  @Test
  void json_params_are_kept_in_order_including_nulls() {
    SqlRequest r = SqlRequest.parse("application/json",
        "{\"sql\":\"select $1, $2, $3\",\"params\":[1,null,{\"a\":[\"b\"]}]}", JSON);
    assertThat(r.params()).extracting(JsonNode::toString).containsExactly("1", "null", "{\"a\":[\"b\"]}");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"{\"sql\":\"select 1\",\"params\":{\"a\":1}}", "{\"sql\":\"select 1\",\"params\":\"x\"}",
      "{\"sql\":\"select 1\",\"params\":5}"})
  void params_that_are_not_an_array_are_rejected(String body) {
    ApiException e = fails("application/json", body);
    assertThat(e.error()).isEqualTo("invalid_params");
    assertThat(e.getMessage()).isEqualTo("\"params\" must be an array");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"{\"sql\":", "select 1", "{sql: 'x'}"})
  void invalid_json_is_a_400(String body) {
    ApiException e = fails("application/json", body);
    assertThat(e.error()).isEqualTo("invalid_json");
    assertThat(e.getMessage()).isEqualTo("Invalid JSON in request body");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"[\"select 1\"]", "\"select 1\"", "42", "null"})
  void json_that_is_not_an_object_is_a_400(String body) {
    assertThat(fails("application/json", body).error()).isEqualTo("invalid_json");
  }

  @Test
  void an_empty_json_body_is_a_400() {
    fails("application/json", "");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @NullAndEmptySource
  @ValueSource(strings = {"   ", "\n\t"})
  void empty_raw_sql_is_no_sql_with_the_production_message(String body) {
    ApiException e = fails("text/plain", body);
    assertThat(e.error()).isEqualTo("no_sql");
    assertThat(e.getMessage()).isEqualTo(NO_SQL);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"{}", "{\"sql\":\"\"}", "{\"sql\":\"  \"}", "{\"query\":null}", "{\"params\":[1]}"})
  void json_without_sql_is_no_sql_with_the_production_message(String body) {
    ApiException e = fails("application/json", body);
    assertThat(e.error()).isEqualTo("no_sql");
    assertThat(e.getMessage()).isEqualTo(NO_SQL);
  }

  @Test
  void a_non_string_sql_field_is_rejected() {
    assertThat(fails("application/json", "{\"sql\":1}").error()).isEqualTo("invalid_sql");
  }
}

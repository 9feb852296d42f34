package com.run402.local.runtime.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlParamsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String text(String json) throws Exception {
    return SqlParams.text(JSON.readTree(json));
  }

  @Test
  void java_null_and_json_null_bind_as_sql_null() throws Exception {
    assertThat(SqlParams.text(null)).isNull();
    assertThat(text("null")).isNull();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      42                             | 42
      -7                             | -7
      1.5                            | 1.5
      12345678901234567890           | 12345678901234567890
      true                           | true
      false                          | false
      "hello"                        | hello
      ""                             | ``
      "a \\"quoted\\" \\\\ string"   | a "quoted" \\ string
      {"a":1,"b":[1,"x"],"c":null}   | {"a":1,"b":[1,"x"],"c":null}
      {}                             | {}
      """)
  void scalars_bind_as_text_and_objects_as_json(String json, String expected) throws Exception {
    assertThat(text(json)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      []                        | {}
      [1,2]                     | {"1","2"}
      ["a","b c"]               | {"a","b c"}
      [1,null,3]                | {"1",NULL,"3"}
      [[1,2],[3,4]]             | {{"1","2"},{"3","4"}}
      [[],[null]]               | {{},{NULL}}
      [true,false]              | {"true","false"}
      ["say \\"hi\\""]          | {"say \\"hi\\""}
      ["back\\\\slash"]         | {"back\\\\slash"}
      [{"k":"v"}]               | {"{\\"k\\":\\"v\\"}"}
      """)
  void arrays_become_postgres_array_literals_like_node_postgres(String json, String expected) throws Exception {
    assertThat(text(json)).isEqualTo(expected);
  }

  @Test
  void array_elements_with_quotes_and_backslashes_are_escaped() throws Exception {
    JsonNode arr = JSON.createArrayNode().add("a\"b").add("c\\d").add("{,}");
    assertThat(SqlParams.text(arr)).isEqualTo("{\"a\\\"b\",\"c\\\\d\",\"{,}\"}");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', textBlock = """
      1.0     | 1
      1e3     | 1000
      -2.0    | -2
      [1.0]   | {"1"}
      """)
  void integral_doubles_bind_as_javascript_prints_them(String json, String expected) throws Exception {
    assertThat(text(json)).isEqualTo(expected);
  }
}

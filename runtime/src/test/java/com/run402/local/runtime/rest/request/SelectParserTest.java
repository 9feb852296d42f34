package com.run402.local.runtime.rest.request;

import static com.run402.local.runtime.rest.request.Ast.agg;
import static com.run402.local.runtime.rest.request.Ast.assertParse400;
import static com.run402.local.runtime.rest.request.Ast.col;
import static com.run402.local.runtime.rest.request.Ast.embed;
import static com.run402.local.runtime.rest.request.Ast.f;
import static com.run402.local.runtime.rest.request.Ast.idx;
import static com.run402.local.runtime.rest.request.Ast.idxText;
import static com.run402.local.runtime.rest.request.Ast.key;
import static com.run402.local.runtime.rest.request.Ast.keyText;
import static com.run402.local.runtime.rest.request.Ast.spread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.run402.local.runtime.rest.request.SelectItem.JoinType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SelectParserTest {

  static List<SelectItem> select(String rawSelect) {
    return QueryStringParser.parse("select=" + rawSelect).select();
  }

  static Stream<Arguments> selects() {
    return Stream.of(
        arguments("id", List.of(col("id"))),
        arguments("name,location", List.of(col("name"), col("location"))),
        arguments("*", List.of(col("*"))),
        arguments("client(id)", List.of(embed("client", col("id")))),
        arguments("*,client(*,nested(*))",
            List.of(col("*"), embed("client", col("*"), embed("nested", col("*"))))),
        arguments("*,...client(*),other(*)",
            List.of(col("*"), spread("client", null, null, col("*")), embed("other", col("*")))),
        // identifiers: spaces, dashes, digits, _ and $, quoting
        arguments("identifier with spaces", List.of(col("identifier with spaces"))),
        arguments("identifier-with-dashes", List.of(col("identifier-with-dashes"))),
        arguments("123,_,$", List.of(col("123"), col("_"), col("$"))),
        arguments("%22:%22", List.of(col(":"))),
        arguments("%20no%20leading%20or%20trailing%20spaces%20",
            List.of(col("no leading or trailing spaces"))),
        arguments("%22%20leading%20and%20trailing%20spaces%20%22",
            List.of(col(" leading and trailing spaces "))),
        arguments("%22my,col%22,%22a%5C%22b%22", List.of(col("my,col"), col("a\"b"))),
        // aliases, casts, JSON paths
        arguments("alias:name", List.of(col(f("name"), "alias", null))),
        arguments("name::cast", List.of(col(f("name"), null, "cast"))),
        arguments("name::character%20varying", List.of(col(f("name"), null, "character varying"))),
        arguments("name->jsonpath", List.of(col(f("name", key("jsonpath")), null, null))),
        arguments("alias:name->jsonpath::cast",
            List.of(col(f("name", key("jsonpath")), "alias", "cast"))),
        arguments("alias:name->!@%23$%25^%26*_a::cast",
            List.of(col(f("name", key("!@#$%^&*_a")), "alias", "cast"))),
        arguments("data->a->>b", List.of(col(f("data", key("a"), keyText("b")), null, null))),
        arguments("data->0", List.of(col(f("data", idx("0")), null, null))),
        arguments("data->>-1", List.of(col(f("data", idxText("-1")), null, null))),
        arguments("data->-1->>x", List.of(col(f("data", idx("-1"), keyText("x")), null, null))),
        arguments("data->0a", List.of(col(f("data", key("0a")), null, null))),
        arguments("data->%22a.b%22", List.of(col(f("data", key("a.b")), null, null))),
        arguments("settings->foo->>bar::integer",
            List.of(col(f("settings", key("foo"), keyText("bar")), null, "integer"))),
        arguments("a:data->>b::int,c", List.of(col(f("data", keyText("b")), "a", "int"), col("c"))),
        // embeds with alias, hint, join type
        arguments("alias:rel(*)", List.of(embed("rel", "alias", null, null, col("*")))),
        arguments("rel!hint(*)", List.of(embed("rel", null, "hint", null, col("*")))),
        arguments("rel!inner(*)", List.of(embed("rel", null, null, JoinType.INNER, col("*")))),
        arguments("rel!left(*)", List.of(embed("rel", null, null, JoinType.LEFT, col("*")))),
        arguments("rel!hint!inner(*)", List.of(embed("rel", null, "hint", JoinType.INNER, col("*")))),
        arguments("alias:rel!inner!hint(*)",
            List.of(embed("rel", "alias", "hint", JoinType.INNER, col("*")))),
        arguments("sender:person!message_sender_fkey(name)",
            List.of(embed("person", "sender", "message_sender_fkey", null, col("name")))),
        arguments("...rel!hint!inner(*)", List.of(spread("rel", "hint", JoinType.INNER, col("*")))),
        arguments("id,projects(id,tasks(id,name))",
            List.of(col("id"), embed("projects", col("id"), embed("tasks", col("id"), col("name"))))),
        arguments("rel()", List.of(embed("rel"))),
        // aggregates
        arguments("count()", List.of(agg(null, null, null, "count", null))),
        arguments("count()::text", List.of(agg(null, null, null, "count", "text"))),
        arguments("total:count()", List.of(agg(null, "total", null, "count", null))),
        arguments("amount.sum()", List.of(agg(f("amount"), null, null, "sum", null))),
        arguments("amount.avg()::int", List.of(agg(f("amount"), null, null, "avg", "int"))),
        arguments("amount::numeric.max()", List.of(agg(f("amount"), null, "numeric", "max", null))),
        arguments("a:amount.min(),id.count()",
            List.of(agg(f("amount"), "a", null, "min", null), agg(f("id"), null, null, "count", null))),
        arguments("name,...factory_buildings(type,size.sum())",
            List.of(col("name"), spread("factory_buildings", null, null, col("type"),
                agg(f("size"), null, null, "sum", null)))),
        // whitespace around items and commas
        arguments("id,%20name%20,%20clients(%20id%20)",
            List.of(col("id"), col("name"), embed("clients", col("id")))),
        arguments("id,+name", List.of(col("id"), col("name"))),
        // PostgREST quirks kept: unparseable leftovers after a complete item are ignored
        arguments("*!hint", List.of(col("*"))),
        arguments("id)", List.of(col("id"))));
  }

  @ParameterizedTest(name = "select={0}")
  @MethodSource("selects")
  void parsesSelect(String raw, List<SelectItem> expected) {
    assertThat(select(raw)).isEqualTo(expected);
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        arguments("id,clients(name[])", "id,clients(name[])", 16,
            "unexpected '[' expecting letter, digit, \"-\", \"->>\", \"->\", \"::\", \".\", \")\", \",\" or end of input"),
        arguments("data->>-78xy", "data->>-78xy", 11,
            "unexpected 'x' expecting digit, \"->\", \"::\", \".\", \",\" or end of input"),
        arguments("data->>--34", "data->>--34", 9, "unexpected \"-\" expecting digit"),
        arguments("data->>-xy-4", "data->>-xy-4", 9, "unexpected \"x\" expecting digit"),
        arguments("data->(!@%23$%25^%26*_d->>!@%23$%25^%26*_e::integer",
            "data->(!@#$%^&*_d->>!@#$%^&*_e::integer", 7,
            "unexpected \"(\" expecting \"-\", digit or any non reserved character different from: .,>()"),
        arguments("name!hint", "name!hint", 5,
            "unexpected '!' expecting letter, digit, \"-\", \"->>\", \"->\", \"::\", \".\", \")\", \",\" or end of input"),
        arguments("name::", "name::", 7, "unexpected end of input expecting letter or digit"),
        arguments("rel->jsonpath(*)", "rel->jsonpath(*)", 14,
            // Parsec's many drops the last JSON step's own expectations ("-")
            "unexpected '(' expecting \"->>\", \"->\", \"::\", \".\", \")\", \",\" or end of input"),
        arguments("id,", "id,", 4, "unexpected end of input expecting \"...\", field name (* or [a..z0..9_$]), \"*\" or \"count()\""),
        arguments("clients(id", "clients(id", 11,
            "unexpected end of input expecting letter, digit, \"-\", \"->>\", \"->\", \"::\", \".\", \")\", \",\" or end of input"),
        arguments("%C3%A9!", "\u00e9!", 2,
            "unexpected '!' expecting letter, digit, \"-\", \"->>\", \"->\", \"::\", \".\", \")\", \",\" or end of input"));
  }

  @ParameterizedTest(name = "select={0}")
  @MethodSource("errors")
  void rejectsSelect(String raw, String decoded, int column, String details) {
    assertParse400(() -> select(raw),
        "\"failed to parse select parameter (" + decoded + ")\" (line 1, column " + column + ")", details);
  }

  @Test
  void absentSelectIsStarAndNotGiven() {
    QueryParams p = QueryStringParser.parse("id=eq.1");
    assertThat(p.select()).containsExactly(col("*"));
    assertThat(p.selectGiven()).isFalse();
  }

  @Test
  void emptySelectIsStarButGiven() {
    QueryParams p = QueryStringParser.parse("select=");
    assertThat(p.select()).containsExactly(col("*"));
    assertThat(p.selectGiven()).isTrue();
  }

  @Test
  void selectWithoutEqualsIsAbsentAndFirstOccurrenceWins() {
    assertThat(QueryStringParser.parse("select").selectGiven()).isFalse();
    assertThat(QueryStringParser.parse("select=id&select=name").select()).containsExactly(col("id"));
  }
}

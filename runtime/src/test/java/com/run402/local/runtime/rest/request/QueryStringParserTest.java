package com.run402.local.runtime.rest.request;

import static com.run402.local.runtime.rest.request.Ast.assertError;
import static com.run402.local.runtime.rest.request.Ast.assertParse400;
import static com.run402.local.runtime.rest.request.Ast.at;
import static com.run402.local.runtime.rest.request.Ast.col;
import static com.run402.local.runtime.rest.request.Ast.flt;
import static com.run402.local.runtime.rest.request.Ast.root;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueryStringParserTest {

  @Test
  void emptyAndNullQueries() {
    for (String q : new String[] {null, "", "?"}) {
      QueryParams p = QueryStringParser.parse(q);
      assertThat(p.select()).containsExactly(col("*"));
      assertThat(p.filters()).isEmpty();
      assertThat(p.params()).isEmpty();
      assertThat(p.columns()).isNull();
      assertThat(p.onConflict()).isNull();
      assertThat(p.limits()).isEmpty();
    }
  }

  @Test
  void decodesPercentPlusAndSemicolonLikeHttpTypes() {
    QueryParams p = QueryStringParser.parse("?na%6De=eq.a+b%2Bc;x=eq.%E2%82%AC&bad=eq.%zz%4");
    assertThat(p.params()).containsExactly(new RawParam("name", "eq.a b+c"),
        new RawParam("x", "eq.\u20ac"), new RawParam("bad", "eq.%zz%4"));
  }

  @Test
  void invalidUtf8BecomesReplacementCharacter() {
    assertThat(QueryStringParser.parse("a=eq.%FF").params())
        .containsExactly(new RawParam("a", "eq.\ufffd"));
  }

  @Test
  void keysWithoutEqualsAreDropped() {
    QueryParams p = QueryStringParser.parse("flag&&id=eq.1&empty=");
    assertThat(p.params()).containsExactly(new RawParam("id", "eq.1"), new RawParam("empty", ""));
    assertThat(p.filterErrors()).containsOnlyKeys("empty");
  }

  @Test
  void reservedKeysAreNotFilters() {
    QueryParams p = QueryStringParser.parse(
        "select=id&columns=a&on_conflict=b&order=id&limit=1&offset=2&or=(a.eq.1)&not.and=(b.eq.2)&x.limit=3");
    assertThat(p.params()).isEmpty();
    assertThat(p.filters()).isEmpty();
    assertThat(p.logic()).hasSize(2);
  }

  @Test
  void limitsAndOffsetsAreScopedAndLastWins() {
    QueryParams p = QueryStringParser.parse(
        "limit=5&offset=10&clients.limit=2&clients.projects.offset=1&limit=7");
    assertThat(p.limits()).containsExactly(root(7L), at(List.of("clients"), 2L));
    assertThat(p.offsets()).containsExactly(root(10L), at(List.of("clients", "projects"), 1L));
  }

  @Test
  void nonIntegerLimitsAreIgnoredLikeReadMaybe() {
    QueryParams p = QueryStringParser.parse("limit=abc&offset=1.5&a.limit=%202%20&limit=%2B1");
    assertThat(p.limits()).containsExactly(at(List.of("a"), 2L));
    assertThat(p.offsets()).isEmpty();
    assertThat(QueryStringParser.parse("limit=3&limit=x").limits()).isEmpty();
  }

  @Test
  void limitZeroAndNegativeOffsetsAreKept() {
    QueryParams p = QueryStringParser.parse("limit=0&offset=-1");
    assertThat(p.limits()).containsExactly(root(0L));
    assertThat(p.offsets()).containsExactly(root(-1L));
  }

  @Test
  void negativeLimitIs416() {
    assertError(() -> QueryStringParser.parse("select=id&limit=-1"), 416, "PGRST103",
        "Requested range not satisfiable", "Limit should be greater than or equal to zero.");
    assertError(() -> QueryStringParser.parse("tasks.limit=-2"), 416, "PGRST103",
        "Requested range not satisfiable", "Limit should be greater than or equal to zero.");
  }

  @Test
  void columnsAndOnConflict() {
    QueryParams p = QueryStringParser.parse(
        "columns=%20a%20,b,%22c,d%22,a&on_conflict=name,%20%22my%20key%22");
    assertThat(p.columns()).containsExactly("a", "b", "c,d");
    assertThat(p.onConflict()).containsExactly("name", "my key");
  }

  @Test
  void emptyColumnsIsAParseError() {
    assertParse400(() -> QueryStringParser.parse("columns="),
        "\"failed to parse columns parameter ()\" (line 1, column 1)",
        "unexpected end of input expecting field name (* or [a..z0..9_$])");
  }

  @Test
  void badOnConflict() {
    assertParse400(() -> QueryStringParser.parse("on_conflict=,a"),
        "\"failed to parse on_conflict parameter (,a)\" (line 1, column 1)",
        "unexpected \",\" expecting field name (* or [a..z0..9_$])");
  }

  @Test
  void errorsComeInPostgrestOrder() {
    // order before logic before columns before select
    assertThat(messageOf("select=a!&columns=&or=()&order=id.x")).startsWith("\"failed to parse order");
    assertThat(messageOf("select=a!&columns=&or=()")).startsWith("\"failed to parse logic tree");
    assertThat(messageOf("select=a!&columns=")).startsWith("\"failed to parse columns");
  }

  @Test
  void parsesAFullQuery() {
    QueryParams p = QueryStringParser.parse(
        "select=id,name,clients(id)&id=eq.1&clients.id=in.(1,2)&order=id.desc&clients.order=id&limit=10");
    assertThat(p.selectGiven()).isTrue();
    assertThat(p.select()).hasSize(3);
    assertThat(p.filters()).hasSize(2);
    assertThat(p.filters().get(0)).isEqualTo(root(flt("id", Operator.EQ, "1")));
    assertThat(p.filters().get(1).path()).containsExactly("clients");
    assertThat(p.orders()).hasSize(2);
    assertThat(p.limits()).containsExactly(root(10L));
  }

  @Test
  void lineAndColumnCountNewlinesAndTabs() {
    assertParse400(() -> QueryStringParser.parse("order=%22a%0Ab%22.x"),
        "\"failed to parse order (\"a\nb\".x)\" (line 2, column 4)",
        "unexpected \"x\" expecting \"asc\", \"desc\", \"nullsfirst\" or \"nullslast\"");
    assertParse400(() -> QueryStringParser.parse("order=%09id.x"),
        "\"failed to parse order (\tid.x)\" (line 1, column 12)",
        "unexpected \"x\" expecting \"asc\", \"desc\", \"nullsfirst\" or \"nullslast\"");
  }

  @Test
  void unexpectedNonAsciiIsShownLikeHaskell() {
    assertParse400(() -> QueryStringParser.parse("order=id.%C3%A9"),
        "\"failed to parse order (id.\u00e9)\" (line 1, column 4)",
        "unexpected \"\\233\" expecting \"asc\", \"desc\", \"nullsfirst\" or \"nullslast\"");
  }

  private static String messageOf(String q) {
    try {
      QueryStringParser.parse(q);
      return "no error";
    } catch (RuntimeException e) {
      return e.getMessage();
    }
  }
}

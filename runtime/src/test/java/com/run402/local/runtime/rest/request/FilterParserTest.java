package com.run402.local.runtime.rest.request;

import static com.run402.local.runtime.rest.request.Ast.assertParse400;
import static com.run402.local.runtime.rest.request.Ast.at;
import static com.run402.local.runtime.rest.request.Ast.f;
import static com.run402.local.runtime.rest.request.Ast.flt;
import static com.run402.local.runtime.rest.request.Ast.idx;
import static com.run402.local.runtime.rest.request.Ast.in;
import static com.run402.local.runtime.rest.request.Ast.key;
import static com.run402.local.runtime.rest.request.Ast.keyText;
import static com.run402.local.runtime.rest.request.Ast.notFlt;
import static com.run402.local.runtime.rest.request.Ast.root;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.run402.local.runtime.rest.RestError;
import com.run402.local.runtime.rest.request.Filter.Quantifier;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FilterParserTest {

  static Scoped<Filter> parse(String query) {
    QueryParams p = QueryStringParser.parse(query);
    if (!p.filterErrors().isEmpty()) {
      throw p.filterErrors().values().iterator().next();
    }
    assertThat(p.filters()).hasSize(1);
    return p.filters().get(0);
  }

  static Stream<Arguments> filters() {
    return Stream.of(
        arguments("id=eq.1", root(flt("id", Operator.EQ, "1"))),
        arguments("a.b=eq.0", at(List.of("a"), flt("b", Operator.EQ, "0"))),
        arguments("clients.projects.id=gt.2",
            at(List.of("clients", "projects"), flt("id", Operator.GT, "2"))),
        arguments("id=not.eq.1", root(notFlt("id", Operator.EQ, "1"))),
        arguments("id=neq.1", root(flt("id", Operator.NEQ, "1"))),
        arguments("id=gte.1", root(flt("id", Operator.GTE, "1"))),
        arguments("id=lte.1", root(flt("id", Operator.LTE, "1"))),
        arguments("id=lt.1", root(flt("id", Operator.LT, "1"))),
        arguments("name=like.*abc*", root(flt("name", Operator.LIKE, "*abc*"))),
        arguments("name=ilike.*A%20b*", root(flt("name", Operator.ILIKE, "*A b*"))),
        arguments("name=match.^a.*$", root(flt("name", Operator.MATCH, "^a.*$"))),
        arguments("name=imatch.x", root(flt("name", Operator.IMATCH, "x"))),
        arguments("tags=cs.{a,b}", root(flt("tags", Operator.CS, "{a,b}"))),
        arguments("tags=cd.{a}", root(flt("tags", Operator.CD, "{a}"))),
        arguments("r=ov.[1,2]", root(flt("r", Operator.OV, "[1,2]"))),
        arguments("r=sl.(1,2)", root(flt("r", Operator.SL, "(1,2)"))),
        arguments("r=sr.(1,2)", root(flt("r", Operator.SR, "(1,2)"))),
        arguments("r=nxr.(1,2)", root(flt("r", Operator.NXR, "(1,2)"))),
        arguments("r=nxl.(1,2)", root(flt("r", Operator.NXL, "(1,2)"))),
        arguments("r=adj.(1,2)", root(flt("r", Operator.ADJ, "(1,2)"))),
        arguments("a=isdistinct.5", root(flt("a", Operator.ISDISTINCT, "5"))),
        arguments("a=not.isdistinct.5", root(notFlt("a", Operator.ISDISTINCT, "5"))),
        // the value is everything after the operator, dots, quotes and parens included
        arguments("name=eq.a.b.c", root(flt("name", Operator.EQ, "a.b.c"))),
        arguments("name=eq.%22x,y%22", root(flt("name", Operator.EQ, "\"x,y\""))),
        arguments("name=eq.", root(flt("name", Operator.EQ, ""))),
        arguments("name=eq.%C3%A9t%C3%A9", root(flt("name", Operator.EQ, "\u00e9t\u00e9"))),
        // is
        arguments("a=is.null", root(flt("a", Operator.IS, "null"))),
        arguments("a=is.NULL", root(flt("a", Operator.IS, "null"))),
        arguments("a=is.not_null", root(flt("a", Operator.IS, "not_null"))),
        arguments("a=is.true", root(flt("a", Operator.IS, "true"))),
        arguments("a=is.False", root(flt("a", Operator.IS, "false"))),
        arguments("a=is.unknown", root(flt("a", Operator.IS, "unknown"))),
        arguments("a=not.is.null", root(notFlt("a", Operator.IS, "null"))),
        // in
        arguments("id=in.(1,2,3)", root(in("id", "1", "2", "3"))),
        arguments("id=in.(a,b,%22c,d%22)", root(in("id", "a", "b", "c,d"))),
        arguments("id=in.(%22a%5C%22b%22,%22c%5C%5Cd%22)", root(in("id", "a\"b", "c\\d"))),
        arguments("id=in.(%20,3,4)", root(in("id", "", "3", "4"))),
        arguments("id=in.(1,%202%20)", root(in("id", "1", " 2 "))),
        arguments("id=in.()", root(in("id", ""))),
        arguments("id=not.in.(1)", root(new Filter(f("id"), true, Operator.IN, null, null,
            List.of("1"), null))),
        // any / all
        arguments("id=eq(any).{1,2}", root(new Filter(f("id"), false, Operator.EQ, Quantifier.ANY,
            "{1,2}", List.of("1", "2"), null))),
        arguments("name=like(all).{a*,%22b,c*%22}", root(new Filter(f("name"), false, Operator.LIKE,
            Quantifier.ALL, "{a*,\"b,c*\"}", List.of("a*", "b,c*"), null))),
        arguments("id=not.gt(all).{1}", root(new Filter(f("id"), true, Operator.GT, Quantifier.ALL,
            "{1}", List.of("1"), null))),
        arguments("id=eq(any).5", root(new Filter(f("id"), false, Operator.EQ, Quantifier.ANY,
            "5", null, null))),
        // full text search
        arguments("t=fts.cat", root(flt("t", Operator.FTS, "cat"))),
        arguments("t=plfts.cat%20dog", root(flt("t", Operator.PLFTS, "cat dog"))),
        arguments("t=phfts(english).cat", root(new Filter(f("t"), false, Operator.PHFTS, null,
            "cat", null, "english"))),
        arguments("t=not.wfts(simple).a", root(new Filter(f("t"), true, Operator.WFTS, null,
            "a", null, "simple"))),
        // JSON paths on the key
        arguments("data->>a=eq.1", root(flt(f("data", keyText("a")), Operator.EQ, "1"))),
        arguments("data->a->>b=eq.1", root(flt(f("data", key("a"), keyText("b")), Operator.EQ, "1"))),
        arguments("data->0=eq.1", root(flt(f("data", idx("0")), Operator.EQ, "1"))),
        arguments("c.data->>a=eq.1", at(List.of("c"), flt(f("data", keyText("a")), Operator.EQ, "1"))),
        arguments("%22my.col%22=eq.1", root(flt("my.col", Operator.EQ, "1"))),
        arguments("my-col=eq.1", root(flt("my-col", Operator.EQ, "1"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("filters")
  void parsesFilter(String query, Scoped<Filter> expected) {
    assertThat(parse(query)).isEqualTo(expected);
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        arguments("id=0", "0", 1, "unexpected \"0\" expecting \"not\" or operator (eq, gt, ...)"),
        arguments("id=val", "val", 1, "unexpected \"v\" expecting \"not\" or operator (eq, gt, ...)"),
        arguments("a.b=noop.0", "noop.0", 1, "unexpected \"o\" expecting \"not\" or operator (eq, gt, ...)"),
        arguments("id=fts().value", "fts().value", 5, "unexpected \")\" expecting operator (eq, gt, ...)"),
        arguments("id=eq().value", "eq().value", 4, "unexpected \")\" expecting operator (eq, gt, ...)"),
        arguments("id=is().value", "is().value", 3, "unexpected \"(\" expecting operator (eq, gt, ...)"),
        arguments("id=in().value", "in().value", 3, "unexpected \"(\" expecting operator (eq, gt, ...)"),
        arguments("done=is.nil", "is.nil", 5,
            "unexpected \"i\" expecting isVal: (null, not_null, true, false, unknown)"),
        arguments("done=is.ok", "is.ok", 4,
            "unexpected \"o\" expecting isVal: (null, not_null, true, false, unknown)"),
        arguments("id=in.1,2", "in.1,2", 4, "unexpected \"1\" expecting \"(\""),
        arguments("id=in.(1,2", "in.(1,2", 8, "unexpected end of input expecting \",\" or \")\""),
        // the operator label swallows the inner "expecting delimiter (.)"
        arguments("path=cd", "cd", 3, "unexpected end of input expecting operator (eq, gt, ...)"),
        arguments("id=not.", "not.", 5, "unexpected end of input expecting operator (eq, gt, ...)"),
        arguments("id=eq", "eq", 3, "unexpected end of input expecting operator (eq, gt, ...)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void rejectsFilter(String query, String value, int column, String details) {
    assertParse400(() -> parse(query),
        "\"failed to parse filter (" + value + ")\" (line 1, column " + column + ")", details);
  }

  @Test
  void badKeyIsATreePathError() {
    assertParse400(() -> parse("=eq.1"), "\"failed to parse tree path ()\" (line 1, column 1)",
        "unexpected end of input expecting field name (* or [a..z0..9_$])");
  }

  @Test
  void failuresAreCollectedNotThrownAndParamsKeepEverything() {
    QueryParams p = QueryStringParser.parse("name=John&id=eq.1&age=gt.3&name=other");
    assertThat(p.filters()).containsExactly(root(flt("id", Operator.EQ, "1")),
        root(flt("age", Operator.GT, "3")));
    assertThat(p.params()).containsExactly(new RawParam("name", "John"), new RawParam("id", "eq.1"),
        new RawParam("age", "gt.3"), new RawParam("name", "other"));
    assertThat(p.filterErrors()).containsOnlyKeys("name");
    RestError e = (RestError) p.filterErrors().get("name");
    assertThat(e.getMessage()).isEqualTo("\"failed to parse filter (John)\" (line 1, column 1)");
  }

  @Test
  void publicSingleFilterHelper() {
    assertThat(QueryStringParser.filter("clients.id", "eq.1"))
        .isEqualTo(at(List.of("clients"), flt("id", Operator.EQ, "1")));
  }
}

package com.run402.local.runtime.rest.request;

import static com.run402.local.runtime.rest.request.Ast.and;
import static com.run402.local.runtime.rest.request.Ast.assertParse400;
import static com.run402.local.runtime.rest.request.Ast.at;
import static com.run402.local.runtime.rest.request.Ast.f;
import static com.run402.local.runtime.rest.request.Ast.flt;
import static com.run402.local.runtime.rest.request.Ast.in;
import static com.run402.local.runtime.rest.request.Ast.key;
import static com.run402.local.runtime.rest.request.Ast.keyText;
import static com.run402.local.runtime.rest.request.Ast.leaf;
import static com.run402.local.runtime.rest.request.Ast.not;
import static com.run402.local.runtime.rest.request.Ast.notFlt;
import static com.run402.local.runtime.rest.request.Ast.or;
import static com.run402.local.runtime.rest.request.Ast.root;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.run402.local.runtime.rest.request.Filter.Quantifier;
import com.run402.local.runtime.rest.request.Order.Nulls;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LogicAndOrderParserTest {

  static Stream<Arguments> logic() {
    return Stream.of(
        arguments("or=(a.eq.1,b.gt.2)",
            root(or(leaf(flt("a", Operator.EQ, "1")), leaf(flt("b", Operator.GT, "2"))))),
        arguments("and=(a.eq.1)", root(and(leaf(flt("a", Operator.EQ, "1"))))),
        arguments("not.or=(a.eq.1,b.eq.2)",
            root(not(or(leaf(flt("a", Operator.EQ, "1")), leaf(flt("b", Operator.EQ, "2")))))),
        arguments("not.and=(a.eq.1)", root(not(and(leaf(flt("a", Operator.EQ, "1")))))),
        arguments("or=(a.eq.1,and(b.gt.2,c.not.is.null))",
            root(or(leaf(flt("a", Operator.EQ, "1")), and(leaf(flt("b", Operator.GT, "2")),
                leaf(notFlt("c", Operator.IS, "null")))))),
        arguments("or=(age.gt.14,not.and(age.gte.11,age.lte.17))",
            root(or(leaf(flt("age", Operator.GT, "14")), not(and(leaf(flt("age", Operator.GTE, "11")),
                leaf(flt("age", Operator.LTE, "17"))))))),
        arguments("or=(a.eq.%22x,y%22,b.eq.%22(z)%22)",
            root(or(leaf(flt("a", Operator.EQ, "x,y")), leaf(flt("b", Operator.EQ, "(z)"))))),
        arguments("or=(id.in.(1,2),name.in.(%22a,b%22))",
            root(or(leaf(in("id", "1", "2")), leaf(in("name", "a,b"))))),
        arguments("or=(data->>a.eq.1,data->b.eq.2)",
            root(or(leaf(flt(f("data", keyText("a")), Operator.EQ, "1")),
                leaf(flt(f("data", key("b")), Operator.EQ, "2"))))),
        arguments("or=(id.eq(any).{1,2},tags.cs.{a,b})",
            root(or(leaf(new Filter(f("id"), false, Operator.EQ, Quantifier.ANY, "{1,2}",
                List.of("1", "2"), null)), leaf(flt("tags", Operator.CS, "{a,b}"))))),
        arguments("or=(t.fts(english).cat,t.is.true)",
            root(or(leaf(new Filter(f("t"), false, Operator.FTS, null, "cat", null, "english")),
                leaf(flt("t", Operator.IS, "true"))))),
        arguments("or=(%20a.eq.1%20,%20b.eq.2)",
            root(or(leaf(flt("a", Operator.EQ, "1 ")), leaf(flt("b", Operator.EQ, "2"))))),
        arguments("or=(a.eq.)", root(or(leaf(flt("a", Operator.EQ, ""))))),
        arguments("clients.or=(a.eq.1)", at(List.of("clients"), or(leaf(flt("a", Operator.EQ, "1"))))),
        arguments("a.b.not.and=(x.eq.1)",
            at(List.of("a", "b"), not(and(leaf(flt("x", Operator.EQ, "1")))))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logic")
  void parsesLogic(String query, Scoped<Logic> expected) {
    assertThat(QueryStringParser.parse(query).logic()).containsExactly(expected);
  }

  static Stream<Arguments> logicErrors() {
    return Stream.of(
        arguments("or=()", "()", 4,
            "unexpected \")\" expecting field name (* or [a..z0..9_$]), negation operator (not) or logic operator (and, or)"),
        arguments("or=(id.in.1,2,id.eq.3)", "(id.in.1,2,id.eq.3)", 10, "unexpected \"1\" expecting \"(\""),
        arguments("or=)(", ")(", 3, "unexpected \")\" expecting \"(\""),
        arguments("and=(ord(id.eq.1,id.eq.1),id.eq.2)", "(ord(id.eq.1,id.eq.1),id.eq.2)", 7,
            "unexpected \"d\" expecting \"(\""),
        arguments("or=(id.eq.1,not.xor(id.eq.2,id.eq.3))", "(id.eq.1,not.xor(id.eq.2,id.eq.3))", 16,
            "unexpected \"x\" expecting logic operator (and, or)"),
        // "not." negates an and/or group; a single filter is negated as field.not.op
        arguments("or=(a.eq.1,not.c.is.null)", "(a.eq.1,not.c.is.null)", 15,
            "unexpected \"c\" expecting logic operator (and, or)"),
        arguments("or=", "", 3, "unexpected end of input expecting \"(\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logicErrors")
  void rejectsLogic(String query, String value, int column, String details) {
    assertParse400(() -> QueryStringParser.parse(query),
        "\"failed to parse logic tree (" + value + ")\" (line 1, column " + column + ")", details);
  }

  static Order ord(String name, boolean desc, Nulls nulls) {
    return new Order(null, f(name), desc, nulls);
  }

  static Stream<Arguments> orders() {
    return Stream.of(
        arguments("order=name.desc.nullsfirst", root(List.of(ord("name", true, Nulls.FIRST)))),
        arguments("order=a.desc.nullslast,b,c.asc", root(List.of(ord("a", true, Nulls.LAST),
            ord("b", false, null), ord("c", false, null)))),
        arguments("order=a.nullsfirst", root(List.of(ord("a", false, Nulls.FIRST)))),
        arguments("order=json_col->key.asc.nullslast",
            root(List.of(new Order(null, f("json_col", key("key")), false, Nulls.LAST)))),
        arguments("order=json_col->!@%23$%25^%26*_a.asc.nullslast",
            root(List.of(new Order(null, f("json_col", key("!@#$%^&*_a")), false, Nulls.LAST)))),
        arguments("order=clients(json_col->key).desc.nullsfirst",
            root(List.of(new Order("clients", f("json_col", key("key")), true, Nulls.FIRST)))),
        arguments("order=name,clients(name),id", root(List.of(ord("name", false, null),
            new Order("clients", f("name"), false, null), ord("id", false, null)))),
        arguments("order=%22my%20col%22.desc", root(List.of(ord("my col", true, null)))),
        arguments("order=%20a%20,%20b.desc", root(List.of(ord("a", false, null), ord("b", true, null)))),
        arguments("clients.order=name.desc", at(List.of("clients"), List.of(ord("name", true, null)))),
        arguments("a.b.order=id", at(List.of("a", "b"), List.of(ord("id", false, null)))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("orders")
  void parsesOrder(String query, Scoped<List<Order>> expected) {
    assertThat(QueryStringParser.parse(query).orders()).containsExactly(expected);
  }

  static Stream<Arguments> orderErrors() {
    return Stream.of(
        arguments("clients(name,id)", 8,
            "unexpected '(' expecting letter, digit, \"-\", \"->>\", \"->\", delimiter (.), \",\" or end of input"),
        arguments("id.ac", 4, "unexpected \"c\" expecting \"asc\", \"desc\", \"nullsfirst\" or \"nullslast\""),
        arguments("id.descc", 8, "unexpected 'c' expecting delimiter (.), \",\" or end of input"),
        arguments("id.nulsfist", 4,
            "unexpected \"n\" expecting \"asc\", \"desc\", \"nullsfirst\" or \"nullslast\""),
        arguments("id.nullslasttt", 13, "unexpected 't' expecting \",\" or end of input"),
        arguments("id.smth34", 4, "unexpected \"s\" expecting \"asc\", \"desc\", \"nullsfirst\" or \"nullslast\""),
        arguments("id.asc.nlsfst", 8, "unexpected \"l\" expecting \"nullsfirst\" or \"nullslast\""),
        arguments("id.asc.nullslasttt", 17, "unexpected 't' expecting \",\" or end of input"),
        arguments("id.asc.smth34", 8, "unexpected \"s\" expecting \"nullsfirst\" or \"nullslast\""),
        arguments("", 1, "unexpected end of input expecting field name (* or [a..z0..9_$])"));
  }

  @ParameterizedTest(name = "order={0}")
  @MethodSource("orderErrors")
  void rejectsOrder(String value, int column, String details) {
    assertParse400(() -> QueryStringParser.parse("order=" + value),
        "\"failed to parse order (" + value + ")\" (line 1, column " + column + ")", details);
  }
}

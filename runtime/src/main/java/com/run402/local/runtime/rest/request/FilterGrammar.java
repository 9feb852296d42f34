package com.run402.local.runtime.rest.request;

import static com.run402.local.runtime.rest.request.Lexemes.DELIM;
import static com.run402.local.runtime.rest.request.Lexemes.FIELD;
import static com.run402.local.runtime.rest.request.Lexemes.IDENTIFIER;
import static com.run402.local.runtime.rest.request.Lexemes.QUOTED;
import static com.run402.local.runtime.rest.request.Lexemes.lexeme;
import static com.run402.local.runtime.rest.request.Parsec.anyChar;
import static com.run402.local.runtime.rest.request.Parsec.between;
import static com.run402.local.runtime.rest.request.Parsec.ch;
import static com.run402.local.runtime.rest.request.Parsec.lazy;
import static com.run402.local.runtime.rest.request.Parsec.many;
import static com.run402.local.runtime.rest.request.Parsec.noneOf;
import static com.run402.local.runtime.rest.request.Parsec.notFollowedBy;
import static com.run402.local.runtime.rest.request.Parsec.optional;
import static com.run402.local.runtime.rest.request.Parsec.pure;
import static com.run402.local.runtime.rest.request.Parsec.sepBy1;
import static com.run402.local.runtime.rest.request.Parsec.str;
import static com.run402.local.runtime.rest.request.Parsec.text;

import com.run402.local.runtime.rest.request.Filter.Quantifier;
import com.run402.local.runtime.rest.request.Parsec.P;
import java.util.List;

/** {@code [not.]op[(any|all)][(lang)].value} and the {@code or=(...)} logic trees. */
final class FilterGrammar {
  private FilterGrammar() {}

  /** A filter without its field. */
  record OpExpr(boolean negated, Operator op, Quantifier quantifier, String value, List<String> list,
      String language) {
    Filter on(Field field) {
      return new Filter(field, negated, op, quantifier, value, list, language);
    }
  }

  /** A top-level filter's value is everything after the operator, verbatim. */
  static final P<String> SINGLE_VAL = text(many(anyChar()));

  private static final P<String> PG_ARRAY =
      str("{").then(text(many(noneOf("{}")))).skip(str("}")).map(b -> "{" + b + "}");

  /** Inside a logic tree a value ends at ',' or ')' unless quoted or a {...} literal. */
  static final P<String> LOGIC_VAL = QUOTED.skip(notFollowedBy(noneOf(",)"))).attempt()
      .or(PG_ARRAY.attempt())
      .or(text(many(noneOf(",)"))));

  private static final P<String> LIST_ELEM =
      QUOTED.skip(notFollowedBy(noneOf(",)"))).attempt().or(text(many(noneOf(",)"))));

  private static final P<List<String>> LIST_VAL =
      lexeme(ch('(')).then(sepBy1(LIST_ELEM, ch(','))).skip(lexeme(ch(')')));

  private static final P<Operator> SIMPLE_OP =
      ops(Operator.NEQ, Operator.CS, Operator.CD, Operator.OV, Operator.SL, Operator.SR,
          Operator.NXR, Operator.NXL, Operator.ADJ).label("unknown single value operator");

  private static final P<Operator> QUANT_OP =
      ops(Operator.EQ, Operator.GTE, Operator.GT, Operator.LTE, Operator.LT, Operator.LIKE,
          Operator.ILIKE, Operator.MATCH, Operator.IMATCH).label("unknown single value operator");

  private static final P<Operator> FTS_OP =
      ops(Operator.FTS, Operator.PLFTS, Operator.PHFTS, Operator.WFTS);

  /** is.{null,not_null,true,false,unknown}, case-insensitively; stored lower-case. */
  private static final P<String> IS_VAL = ciWord("null").attempt()
      .or(ciWord("not_null").attempt())
      .or(ciWord("true").attempt())
      .or(ciWord("false").attempt())
      .or(ciWord("unknown").attempt())
      .label("isVal: (null, not_null, true, false, unknown)");

  private static final P<Quantifier> QUANTIFIER = between(ch('('), ch(')'),
      str("any").attempt().map(x -> Quantifier.ANY).or(str("all").map(x -> Quantifier.ALL)));

  static P<OpExpr> opExpr(P<String> value) {
    P<OpExpr> in = str("in").then(DELIM).attempt().then(LIST_VAL)
        .map(l -> new OpExpr(false, Operator.IN, null, null, l, null));
    P<OpExpr> is = str("is").then(DELIM).attempt().then(IS_VAL)
        .map(v -> new OpExpr(false, Operator.IS, null, v, null, null));
    P<OpExpr> isDistinct = str("isdistinct").then(DELIM).attempt().then(value)
        .map(v -> new OpExpr(false, Operator.ISDISTINCT, null, v, null, null));
    P<OpExpr> fts = FTS_OP.bind(op -> optional(between(ch('('), ch(')'), IDENTIFIER).attempt())
        .bind(lang -> DELIM.then(value).map(v -> new OpExpr(false, op, null, v, null, lang))));
    P<OpExpr> simple = SIMPLE_OP.bind(op -> DELIM.then(value)
        .map(v -> new OpExpr(false, op, null, v, null, null)));
    P<OpExpr> quant = QUANT_OP.bind(op -> optional(QUANTIFIER.attempt())
        .bind(q -> DELIM.then(value).map(v ->
            new OpExpr(false, op, q, v, q == null ? null : ArrayLiteral.elements(v), null))));
    P<OpExpr> operation = in.or(is).or(isDistinct).or(fts.attempt()).or(simple.attempt())
        .or(quant.attempt()).label("operator (eq, gt, ...)");
    P<Boolean> not = str("not").then(DELIM).attempt().map(x -> true).or(pure(false));
    return not.bind(neg -> operation.map(e ->
        new OpExpr(neg, e.op(), e.quantifier(), e.value(), e.list(), e.language())));
  }

  static final P<OpExpr> FILTER_VALUE = opExpr(SINGLE_VAL);

  private static final P<Logic> LOGIC_LEAF =
      FIELD.skip(DELIM).bind(f -> opExpr(LOGIC_VAL).map(e -> new Logic.Leaf(e.on(f))));

  private static final P<Boolean> LOGIC_NOT = str("not").then(DELIM).attempt().map(x -> true)
      .or(pure(false)).label("negation operator (not)");

  /** true for or, false for and. */
  private static final P<Boolean> LOGIC_OP = str("and").attempt().map(x -> false)
      .or(str("or").map(x -> true)).label("logic operator (and, or)");

  /** Parses {@code op(...)}: the caller prefixes the value with the key's operator. */
  static final P<Logic> LOGIC_TREE = lazy(FilterGrammar::logicTree);

  private static P<Logic> logicTree() {
    P<List<Logic>> children = lexeme(ch('('))
        .then(sepBy1(LOGIC_TREE, lexeme(ch(','))))
        .skip(lexeme(ch(')')));
    return LOGIC_LEAF.attempt().or(LOGIC_NOT.bind(neg -> LOGIC_OP.bind(or ->
        children.map(kids -> (Logic) new Logic.Expr(or, neg, kids)))));
  }

  private static P<Operator> ops(Operator... ops) {
    P<Operator> p = null;
    for (Operator op : ops) {
      P<Operator> one = str(op.token()).attempt().map(x -> op);
      p = p == null ? one : p.or(one);
    }
    return p;
  }

  /** Haskell's {@code traverse (\c -> char c <|> char (toUpper c))}. */
  private static P<String> ciWord(String word) {
    P<String> p = pure("");
    for (char c : word.toCharArray()) {
      char upper = Character.toUpperCase(c);
      P<Integer> one = ch(c).or(ch(upper));
      p = p.bind(acc -> one.map(x -> acc + c));
    }
    return p;
  }
}

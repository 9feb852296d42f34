package com.run402.local.runtime.rest.request;

import static com.run402.local.runtime.rest.request.Lexemes.FIELD;
import static com.run402.local.runtime.rest.request.Lexemes.FIELD_NAME;
import static com.run402.local.runtime.rest.request.Lexemes.IDENTIFIER;
import static com.run402.local.runtime.rest.request.Lexemes.lexeme;
import static com.run402.local.runtime.rest.request.Parsec.between;
import static com.run402.local.runtime.rest.request.Parsec.ch;
import static com.run402.local.runtime.rest.request.Parsec.eof;
import static com.run402.local.runtime.rest.request.Parsec.lazy;
import static com.run402.local.runtime.rest.request.Parsec.lookAhead;
import static com.run402.local.runtime.rest.request.Parsec.notFollowedBy;
import static com.run402.local.runtime.rest.request.Parsec.optional;
import static com.run402.local.runtime.rest.request.Parsec.sepBy;
import static com.run402.local.runtime.rest.request.Parsec.str;
import static com.run402.local.runtime.rest.request.Parsec.zero;

import com.run402.local.runtime.rest.request.Parsec.P;
import com.run402.local.runtime.rest.request.SelectItem.Col;
import com.run402.local.runtime.rest.request.SelectItem.Embed;
import com.run402.local.runtime.rest.request.SelectItem.JoinType;
import java.util.List;

/** {@code select=}: columns, casts, aggregates, JSON paths and (spread) embeds, recursively. */
final class SelectGrammar {
  private SelectGrammar() {}

  /** An embed before its children are parsed. */
  private record Head(String relation, String alias, String hint, JoinType join, boolean spread) {
    Embed with(List<SelectItem> children) {
      return new Embed(relation, alias, hint, join, spread, children);
    }
  }

  /** {@code alias:} but not the {@code ::} of a cast. */
  private static final P<String> ALIAS =
      optional(FIELD_NAME.skip(ch(':').then(notFollowedBy(ch(':')))).attempt());

  private static final P<String> CAST = optional(str("::").then(IDENTIFIER));

  /** An item ends before ')' or ',' or at the end; nothing else may follow it. */
  private static final P<Object> ITEM_END = lookAhead(str(")")).<Object>map(x -> x).attempt()
      .or(lookAhead(str(",")).attempt())
      .or(eof().attempt());

  private static final P<String> AGGREGATE = str("sum").or(str("avg")).or(str("count"))
      .or(str("max").attempt()).or(str("min").attempt());

  /** {@code !hint}, {@code !inner}, {@code !left}: up to two, in either order. */
  private static final P<Object> EMBED_PARAM = ch('!').then(
      str("left").attempt().<Object>map(x -> JoinType.LEFT)
          .or(str("inner").attempt().map(x -> JoinType.INNER))
          .or(FIELD_NAME.attempt()));

  private static final P<Object[]> EMBED_PARAMS = optional(EMBED_PARAM)
      .bind(p1 -> optional(EMBED_PARAM).map(p2 -> new Object[] {p1, p2}));

  private static final P<Object> OPEN_PAREN = lookAhead(str("(")).<Object>map(x -> x).attempt();

  private static final P<Head> RELATION = lexeme(ALIAS.bind(alias -> FIELD_NAME.bind(name ->
      // count() is an aggregate, never an embed of a relation called "count".
      "count".equals(name) ? zero() : EMBED_PARAMS.skip(OPEN_PAREN)
          .map(ps -> new Head(name, alias, hint(ps), join(ps), false)))));

  private static final P<Head> SPREAD = lexeme(str("...").then(FIELD_NAME).bind(name ->
      EMBED_PARAMS.skip(OPEN_PAREN).map(ps -> new Head(name, null, hint(ps), join(ps), true))));

  private static final P<SelectItem> STAR = str("*").skip(ITEM_END).map(x -> Col.of("*"));

  private static final P<SelectItem> COUNT = ALIAS.bind(alias -> str("count()")
      .then(CAST).skip(ITEM_END).map(cast -> new Col(null, alias, null, "count", cast)));

  private static final P<SelectItem> COLUMN = ALIAS.bind(alias -> FIELD.bind(field ->
      CAST.bind(cast -> optional(ch('.').then(AGGREGATE).skip(str("()")).attempt())
          .bind(agg -> CAST.skip(ITEM_END)
              .map(aggCast -> (SelectItem) new Col(field, alias, cast, agg, aggCast))))));

  private static final P<SelectItem> FIELD_ITEM =
      lexeme(STAR.attempt().or(COUNT.attempt()).or(COLUMN));

  static final P<List<SelectItem>> FOREST = lazy(SelectGrammar::forest);

  private static P<List<SelectItem>> forest() {
    P<List<SelectItem>> children = between(ch('('), ch(')'), FOREST);
    P<SelectItem> tree = SPREAD.attempt().bind(h -> children.map(h::with)).<SelectItem>map(e -> e)
        .or(RELATION.attempt().bind(h -> children.map(h::with)))
        .or(FIELD_ITEM);
    return sepBy(tree, lexeme(ch(',')));
  }

  private static String hint(Object[] ps) {
    return ps[0] instanceof String s ? s : ps[1] instanceof String s2 ? s2 : null;
  }

  private static JoinType join(Object[] ps) {
    return ps[0] instanceof JoinType j ? j : ps[1] instanceof JoinType j2 ? j2 : null;
  }
}

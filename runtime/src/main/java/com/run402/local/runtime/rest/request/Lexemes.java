package com.run402.local.runtime.rest.request;

import static com.run402.local.runtime.rest.request.Parsec.anyChar;
import static com.run402.local.runtime.rest.request.Parsec.between;
import static com.run402.local.runtime.rest.request.Parsec.ch;
import static com.run402.local.runtime.rest.request.Parsec.digit;
import static com.run402.local.runtime.rest.request.Parsec.eof;
import static com.run402.local.runtime.rest.request.Parsec.letter;
import static com.run402.local.runtime.rest.request.Parsec.lookAhead;
import static com.run402.local.runtime.rest.request.Parsec.many;
import static com.run402.local.runtime.rest.request.Parsec.many1;
import static com.run402.local.runtime.rest.request.Parsec.noneOf;
import static com.run402.local.runtime.rest.request.Parsec.notFollowedBy;
import static com.run402.local.runtime.rest.request.Parsec.oneOf;
import static com.run402.local.runtime.rest.request.Parsec.option;
import static com.run402.local.runtime.rest.request.Parsec.sepBy1;
import static com.run402.local.runtime.rest.request.Parsec.str;
import static com.run402.local.runtime.rest.request.Parsec.text;

import com.run402.local.runtime.rest.request.Parsec.P;
import java.util.List;

/**
 * The shared tokens of PostgREST's query grammar: field names (bare, dash-joined or quoted), JSON
 * paths, delimiters and whitespace. The labels are part of the observable error texts.
 */
final class Lexemes {
  private Lexemes() {}

  /** Only spaces and tabs count as whitespace around lexemes. */
  static final P<List<Integer>> WS = many(oneOf(" \t"));

  static final P<Integer> DELIM = ch('.').label("delimiter (.)");

  static final P<String> IDENTIFIER =
      text(many1(letter().or(digit()).or(oneOf("_ $")))).map(String::strip);

  /** A '-' that does not start a JSON arrow. */
  static final P<Integer> DASH = ch('-').skip(notFollowedBy(ch('>'))).attempt();

  /** {@code "..."} with backslash escaping any character; the quotes are dropped. */
  static final P<String> QUOTED =
      between(ch('"'), ch('"'), text(many(noneOf("\\\"").or(ch('\\').then(anyChar())))));

  static final P<String> FIELD_NAME =
      QUOTED.or(sepByDash(IDENTIFIER)).label("field name (* or [a..z0..9_$])");

  static final P<String> JSON_KEY =
      QUOTED.or(sepByDash(text(many1(noneOf("(-:.,>)"))).map(String::strip)))
          .label("any non reserved character different from: .,>()");

  /** An array index must be followed by one of these (or the end), else it is a key. */
  private static final P<Object> INDEX_END =
      lookAhead(str("->")).<Object>map(x -> x).attempt()
          .or(lookAhead(str("::")).attempt())
          .or(lookAhead(str(".")).attempt())
          .or(lookAhead(str(",")).attempt())
          .or(eof().attempt());

  private static final P<String> INDEX =
      option("", ch('-').map(x -> "-"))
          .bind(sign -> text(many1(digit())).map(ds -> sign + ds))
          .skip(INDEX_END);

  private static final P<Boolean> ARROW =
      str("->>").attempt().map(x -> true).or(str("->").attempt().map(x -> false));

  static final P<List<JsonStep>> JSON_PATH =
      many(ARROW.bind(text -> INDEX.attempt().map(i -> new JsonStep(i, true, text))
          .or(JSON_KEY.attempt().map(k -> new JsonStep(k, false, text)))));

  /** {@code name[->json...]} surrounded by optional whitespace. */
  static final P<Field> FIELD = lexeme(
      FIELD_NAME.bind(name -> option(List.<JsonStep>of(), JSON_PATH).map(json -> new Field(name, json))));

  /** {@code columns=} and {@code on_conflict=}. */
  static final P<List<String>> COLUMNS = sepBy1(FIELD_NAME, lexeme(ch(',')));

  /** A filter/order/limit key: {@code embed.path.field[->json]}. */
  static final P<Scoped<Field>> TREE_PATH = sepBy1(FIELD_NAME, DELIM).bind(names ->
      option(List.<JsonStep>of(), JSON_PATH).map(json -> new Scoped<>(
          names.subList(0, names.size() - 1), new Field(names.get(names.size() - 1), json))));

  static <T> P<T> lexeme(P<T> p) {
    return WS.then(p).skip(WS);
  }

  /** Identifiers may contain single dashes ({@code my-col}); the pieces are rejoined. */
  static P<String> sepByDash(P<String> piece) {
    return sepBy1(piece, DASH).map(parts -> String.join("-", parts));
  }
}

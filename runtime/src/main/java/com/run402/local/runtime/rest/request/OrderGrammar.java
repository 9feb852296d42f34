package com.run402.local.runtime.rest.request;

import static com.run402.local.runtime.rest.request.Lexemes.DELIM;
import static com.run402.local.runtime.rest.request.Lexemes.FIELD;
import static com.run402.local.runtime.rest.request.Lexemes.FIELD_NAME;
import static com.run402.local.runtime.rest.request.Lexemes.lexeme;
import static com.run402.local.runtime.rest.request.Parsec.between;
import static com.run402.local.runtime.rest.request.Parsec.ch;
import static com.run402.local.runtime.rest.request.Parsec.eof;
import static com.run402.local.runtime.rest.request.Parsec.lookAhead;
import static com.run402.local.runtime.rest.request.Parsec.optional;
import static com.run402.local.runtime.rest.request.Parsec.sepBy1;
import static com.run402.local.runtime.rest.request.Parsec.str;

import com.run402.local.runtime.rest.request.Order.Nulls;
import com.run402.local.runtime.rest.request.Parsec.P;
import java.util.List;

/** {@code order=a.desc.nullslast,rel(b).asc,data->>k}. */
final class OrderGrammar {
  private OrderGrammar() {}

  private static final P<Boolean> DIRECTION = DELIM.then(str("asc")).attempt().map(x -> false)
      .or(DELIM.then(str("desc")).attempt().map(x -> true));

  private static final P<Nulls> NULLS = DELIM.then(str("nullsfirst")).attempt().map(x -> Nulls.FIRST)
      .or(DELIM.then(str("nullslast")).attempt().map(x -> Nulls.LAST));

  private static final P<Object> END =
      lookAhead(ch(',')).<Object>map(x -> x).attempt().or(eof().attempt());

  /** Nulls ordering, then the term must end: {@code .nullslasttt} is an error, not ignored. */
  private static final P<Nulls> NULLS_THEN_END =
      optional(NULLS).skip(END).or(END.map(x -> (Nulls) null));

  private static final P<Order> TERM = FIELD.bind(field -> optional(DIRECTION)
      .bind(desc -> NULLS_THEN_END.map(nulls -> new Order(null, field, desc != null && desc, nulls))));

  private static final P<Order> RELATION_TERM = FIELD_NAME.bind(rel ->
      between(ch('('), ch(')'), FIELD).bind(field -> optional(DIRECTION)
          .bind(desc -> NULLS_THEN_END.map(nulls -> new Order(rel, field, desc != null && desc, nulls)))));

  static final P<List<Order>> ORDER = sepBy1(lexeme(RELATION_TERM.attempt().or(TERM)), ch(','));
}

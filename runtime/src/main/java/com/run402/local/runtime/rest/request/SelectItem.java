package com.run402.local.runtime.rest.request;

import java.util.List;

/** One entry of {@code select=}: a column or an embedded resource. */
public sealed interface SelectItem permits SelectItem.Col, SelectItem.Embed {

  /**
   * {@code alias:field::cast}, or an aggregate: {@code count()} (field null), {@code col.sum()},
   * {@code col.avg()::int} ({@code aggregateCast}). Null parts are absent.
   */
  record Col(Field field, String alias, String cast, String aggregate, String aggregateCast)
      implements SelectItem {
    public static Col of(String name) {
      return new Col(Field.of(name), null, null, null, null);
    }
  }

  /**
   * {@code alias:relation!hint!inner(children)} or {@code ...relation(children)} (spread).
   * {@code hint} and {@code join} may be null. PostgREST allows the join type in either hint
   * position ({@code rel!inner}, {@code rel!fk!inner}).
   */
  record Embed(String relation, String alias, String hint, JoinType join, boolean spread, List<SelectItem> select)
      implements SelectItem {
    public Embed {
      select = List.copyOf(select);
    }
  }

  enum JoinType {
    INNER,
    LEFT
  }
}

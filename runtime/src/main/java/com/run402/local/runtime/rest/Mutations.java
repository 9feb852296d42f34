package com.run402.local.runtime.rest;

import com.run402.local.runtime.rest.request.Filter;
import com.run402.local.runtime.rest.request.Logic;
import com.run402.local.runtime.rest.request.Operator;
import com.run402.local.runtime.rest.request.QueryParams;
import com.run402.local.runtime.rest.request.Scoped;
import com.run402.local.runtime.rest.schema.Table;
import com.run402.local.runtime.rest.sql.FilterSql;
import com.run402.local.runtime.rest.sql.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Pure helpers of the write path: root filters as SQL, the PUT checks, the query minus root params. */
final class Mutations {
  private Mutations() {}

  /** The root-level filters and logic of the query as one condition (TRUE when none). */
  static Sql rootWhere(QueryParams q, Table t) {
    FilterSql.Scope scope = FilterSql.scope(t.name().name(), n -> null, t::column, (n, b) -> null);
    List<Sql> conds = new ArrayList<>();
    for (Scoped<Filter> f : q.filters()) {
      if (f.path().isEmpty()) {
        conds.add(FilterSql.render(new Logic.Leaf(f.value()), scope));
      }
    }
    for (Scoped<Logic> l : q.logic()) {
      if (l.path().isEmpty()) {
        conds.add(FilterSql.render(l.value(), scope));
      }
    }
    return conds.isEmpty() ? new Sql().raw("TRUE") : FilterSql.and(conds);
  }

  /** The query with its root-level filters and page removed (they shaped the write already); order stays. */
  static QueryParams withoutRoot(QueryParams q) {
    return new QueryParams(q.select(), q.selectGiven(), nonRoot(q.filters()), nonRoot(q.logic()), q.orders(),
        nonRoot(q.limits()), nonRoot(q.offsets()), q.columns(), q.onConflict(), q.params(), Map.of());
  }

  private static <T> List<Scoped<T>> nonRoot(List<Scoped<T>> l) {
    return l.stream().filter(s -> !s.path().isEmpty()).toList();
  }

  /** PUT must address exactly one row by its whole primary key, with eq filters only. */
  static Map<String, String> putKey(QueryParams q, Table t) {
    if (q.limits().stream().anyMatch(s -> s.path().isEmpty()) || q.offsets().stream().anyMatch(s -> s.path().isEmpty())) {
      throw new RestError(400, "PGRST114", "limit/offset querystring parameters are not allowed for PUT");
    }
    java.util.LinkedHashMap<String, String> key = new java.util.LinkedHashMap<>();
    boolean ok = q.logic().stream().noneMatch(s -> s.path().isEmpty()) && !t.primaryKey().isEmpty();
    for (Scoped<Filter> s : q.filters()) {
      if (!s.path().isEmpty()) {
        continue;
      }
      Filter f = s.value();
      if (f.negated() || f.op() != Operator.EQ || f.quantifier() != null || !f.field().json().isEmpty()
          || !t.primaryKey().contains(f.field().name()) || key.containsKey(f.field().name())) {
        ok = false;
        break;
      }
      key.put(f.field().name(), f.value());
    }
    if (!ok || !key.keySet().equals(new java.util.HashSet<>(t.primaryKey()))) {
      throw new RestError(405, "PGRST105", "Filters must include all and only primary key columns with 'eq' operators");
    }
    return key;
  }

  /** Columns written: {@code columns=} when given (each must exist), else the payload's keys. */
  static List<String> columns(QueryParams q, Payload p, Table t) {
    List<String> cols = q.columns() != null ? q.columns() : new ArrayList<>(p.keys());
    for (String c : cols) {
      if (t.column(c) == null) {
        throw new RestError(400, "PGRST204",
            "Could not find the '" + c + "' column of '" + t.name().name() + "' in the schema cache");
      }
    }
    return cols;
  }
}

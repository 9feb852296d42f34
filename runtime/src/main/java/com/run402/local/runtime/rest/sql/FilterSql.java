package com.run402.local.runtime.rest.sql;

import com.run402.local.runtime.rest.RestError;
import com.run402.local.runtime.rest.request.Filter;
import com.run402.local.runtime.rest.request.Logic;
import com.run402.local.runtime.rest.request.Operator;
import com.run402.local.runtime.rest.schema.Column;
import com.run402.local.runtime.rest.schema.Routine;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Renders filters and logic trees. Operands are always bound parameters without a type, so the
 * column's type decides how they are read (the same coercions PostgREST gets).
 */
public final class FilterSql {
  /** What the renderer needs to know about a field of the current level. */
  public interface Scope {
    /** The SQL alias of the current level. */
    String ref();

    /** A computed field of that name, or null. */
    Routine computed(String name);

    /** The column of that name, or null (unknown names are left for Postgres to reject). */
    Column column(String name);

    /** SQL for an embed-null test ({@code clients=is.null}) if {@code name} is an embed here, else null. */
    Sql embedNullTest(String name, boolean isNull);
  }

  private FilterSql() {}

  public static Sql render(Logic l, Scope scope) {
    if (l instanceof Logic.Leaf) {
      return leaf(((Logic.Leaf) l).filter(), scope);
    }
    Logic.Expr e = (Logic.Expr) l;
    Sql s = new Sql();
    if (e.negated()) {
      s.raw("NOT ");
    }
    s.raw("(");
    if (e.children().isEmpty()) {
      s.raw(e.or() ? "FALSE" : "TRUE");
    }
    for (int i = 0; i < e.children().size(); i++) {
      if (i > 0) {
        s.raw(e.or() ? " OR " : " AND ");
      }
      s.append(render(e.children().get(i), scope));
    }
    return s.raw(")");
  }

  /** Joins conditions with AND; empty when there are none. */
  public static Sql and(List<Sql> conds) {
    Sql s = new Sql();
    for (int i = 0; i < conds.size(); i++) {
      if (i > 0) {
        s.raw(" AND ");
      }
      s.append(conds.get(i));
    }
    return s;
  }

  static Sql leaf(Filter f, Scope scope) {
    if (f.op() == Operator.IS && f.field().json().isEmpty() && scope.column(f.field().name()) == null) {
      String v = f.value() == null ? "" : f.value().toLowerCase(Locale.ROOT);
      if (v.equals("null") || v.equals("not_null")) {
        Sql t = scope.embedNullTest(f.field().name(), v.equals("null") != f.negated());
        if (t != null) {
          return t;
        }
      }
    }
    Sql lhs = Exprs.field(scope.ref(), f.field(), scope.computed(f.field().name()), scope.column(f.field().name()));
    Sql cond = operation(f, lhs, scope);
    return f.negated() ? new Sql().raw("NOT (").append(cond).raw(")") : cond;
  }

  private static Sql operation(Filter f, Sql lhs, Scope scope) {
    Operator op = f.op();
    Sql s = new Sql();
    if (f.quantifier() != null) {
      boolean like = op == Operator.LIKE || op == Operator.ILIKE;
      String operand;
      if (f.list() == null) {
        // Not a {...} literal: bound as written, so Postgres answers 22P02 as it does for PostgREST.
        operand = f.value() == null ? "" : like ? f.value().replace('*', '%') : f.value();
      } else {
        operand = Exprs.arrayLiteral(like ? f.list().stream().map(x -> x.replace('*', '%')).toList() : f.list());
      }
      return s.append(lhs).raw(" " + op.sql() + " " + f.quantifier().name() + "(").param(operand).raw(")");
    }
    switch (op) {
      case IN:
        List<String> in = f.list() == null || (f.list().size() == 1 && f.list().get(0).isEmpty()) ? List.of() : f.list();
        return s.append(lhs).raw(" = ANY(").param(Exprs.arrayLiteral(in)).raw(")");
      case IS:
        return s.append(lhs).raw(" IS ").raw(isValue(f.value()));
      case LIKE:
      case ILIKE:
        return s.append(lhs).raw(" " + op.sql() + " ").param(f.value().replace('*', '%'));
      case FTS:
      case PLFTS:
      case PHFTS:
      case WFTS:
        return fts(f, lhs, scope);
      default:
        return s.append(lhs).raw(" " + op.sql() + " ").param(f.value());
    }
  }

  private static String isValue(String v) {
    switch (v == null ? "" : v.toLowerCase(Locale.ROOT)) {
      case "null":
        return "NULL";
      case "not_null":
        return "NOT NULL";
      case "true":
        return "TRUE";
      case "false":
        return "FALSE";
      case "unknown":
        return "UNKNOWN";
      default:
        throw new RestError(400, "PGRST100", "\"failed to parse filter (is." + v + ")\" (line 1, column 4)",
            "unexpected \"" + (v == null || v.isEmpty() ? "" : v.substring(0, 1))
                + "\" expecting null or trilean value (unknown, true, false)",
            null);
    }
  }

  private static Sql fts(Filter f, Sql lhs, Scope scope) {
    String fn;
    switch (f.op()) {
      case PLFTS:
        fn = "plainto_tsquery";
        break;
      case PHFTS:
        fn = "phraseto_tsquery";
        break;
      case WFTS:
        fn = "websearch_to_tsquery";
        break;
      default:
        fn = "to_tsquery";
    }
    Column c = f.field().json().isEmpty() ? scope.column(f.field().name()) : null;
    boolean isVector = c == null || !textLike(c.type());
    Sql s = new Sql();
    if (isVector) {
      s.append(lhs);
    } else {
      s.raw("to_tsvector(");
      if (f.language() != null) {
        s.param(f.language()).raw("::regconfig, ");
      }
      s.append(lhs).raw(")");
    }
    s.raw(" @@ " + fn + "(");
    if (f.language() != null) {
      s.param(f.language()).raw("::regconfig, ");
    }
    return s.param(f.value()).raw(")");
  }

  private static boolean textLike(String type) {
    String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
    return t.equals("text") || t.startsWith("character") || t.equals("json") || t.equals("jsonb") || t.equals("name");
  }

  /** A scope over a fixed alias with lookups supplied by the caller. */
  public static Scope scope(String ref, Function<String, Routine> computed, Function<String, Column> columns,
      java.util.function.BiFunction<String, Boolean, Sql> embedNull) {
    return new Scope() {
      @Override
      public String ref() {
        return ref;
      }

      @Override
      public Routine computed(String name) {
        return computed.apply(name);
      }

      @Override
      public Column column(String name) {
        return columns.apply(name);
      }

      @Override
      public Sql embedNullTest(String name, boolean isNull) {
        return embedNull.apply(name, isNull);
      }
    };
  }
}

package com.run402.local.runtime.rest.sql;

import com.run402.local.runtime.rest.plan.ReadPlan;
import com.run402.local.runtime.rest.request.Order;
import com.run402.local.runtime.rest.schema.Column;
import com.run402.local.runtime.rest.schema.QName;
import com.run402.local.runtime.rest.schema.Relationship;
import com.run402.local.runtime.rest.schema.Relationship.ColumnPair;
import com.run402.local.runtime.rest.schema.SchemaCache;
import com.run402.local.runtime.rest.schema.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link ReadPlan} level as one SELECT: its columns, one LEFT (or INNER) JOIN LATERAL
 * per embed producing the embed's JSON (json_agg for to-many, row_to_json for to-one, plain
 * columns for spreads), the join condition to the parent, filters, order and page.
 */
public final class ReadSql {
  private static final String BODY = "pgrst_body";
  private static final String COUNT = "pgrst_n";

  private final SchemaCache cache;
  /** Whether the level whose select list is being rendered aggregates. */
  private boolean aggregating;

  public ReadSql(SchemaCache cache) {
    this.cache = cache;
  }

  /**
   * The SELECT for {@code p}. {@code from} is the FROM item of the root (e.g. {@code "s"."t"}, or
   * a CTE aliased to the table name); embeds build their own. {@code forCount} drops the select
   * list, order and page (for the exact count).
   */
  public Sql render(ReadPlan p, Sql from, boolean forCount) {
    return level(p, from, null, forCount);
  }

  private Sql level(ReadPlan p, Sql from, String parentRef, boolean forCount) {
    Sql s = new Sql().raw("SELECT ");
    if (forCount) {
      s.raw("1");
    } else {
      selectList(s, p);
    }
    s.raw(" FROM ").append(from);
    List<Sql> conds = new ArrayList<>();
    if (parentRef != null) {
      joinConditions(s, p, parentRef, conds);
    }
    for (ReadPlan child : p.embeds()) {
      lateral(s, child, p.ref(), forCount && !referenced(p, child.name()));
    }
    FilterSql.Scope scope = scope(p);
    p.where().forEach(w -> conds.add(FilterSql.render(w, scope)));
    if (!conds.isEmpty()) {
      s.raw(" WHERE ").append(FilterSql.and(conds));
    }
    if (!forCount) {
      groupBy(s, p);
      orderAndPage(s, p);
    }
    return s;
  }

  private void selectList(Sql s, ReadPlan p) {
    aggregating = p.select().stream().anyMatch(o -> o instanceof ReadPlan.Column && ((ReadPlan.Column) o).aggregated());
    List<Sql> items = new ArrayList<>();
    for (ReadPlan.Out o : p.select()) {
      if (o instanceof ReadPlan.Column) {
        items.add(column(p, (ReadPlan.Column) o));
      } else {
        embedOutputs(((ReadPlan.Embed) o).child(), items);
      }
    }
    for (int i = 0; i < items.size(); i++) {
      s.raw(i == 0 ? "" : ", ").append(items.get(i));
    }
  }

  private Sql column(ReadPlan p, ReadPlan.Column c) {
    if (c.aggregated()) {
      Sql arg = c.field() == null ? new Sql().raw("*") : columnExpr(p, c);
      Sql agg = new Sql().raw(aggregateFunction(c.aggregate()) + "(").append(arg).raw(")");
      String name = c.alias() != null ? c.alias() : c.aggregate();
      return Exprs.cast(agg, c.aggregateCast()).raw(" AS ").ident(name);
    }
    if (c.field().isStar()) {
      return new Sql().ident(p.ref()).raw(".*");
    }
    return columnExpr(p, c).raw(" AS ").ident(Exprs.outputName(c.field(), c.alias()));
  }

  private Sql columnExpr(ReadPlan p, ReadPlan.Column c) {
    return Exprs.cast(Exprs.field(p.ref(), c.field(), c.computed(), column(p.relation(), c.field().name())), c.cast());
  }

  private static String aggregateFunction(String name) {
    switch (name) {
      case "count":
      case "sum":
      case "avg":
      case "max":
      case "min":
        return "pg_catalog." + name;
      default:
        throw new com.run402.local.runtime.rest.RestError(400, "PGRST100", "Unknown aggregate function: " + name);
    }
  }

  /** GROUP BY every non-aggregated output when a level aggregates (PostgREST's implicit grouping). */
  private void groupBy(Sql s, ReadPlan p) {
    boolean any = p.select().stream().anyMatch(o -> o instanceof ReadPlan.Column && ((ReadPlan.Column) o).aggregated());
    if (!any) {
      return;
    }
    List<Sql> keys = new ArrayList<>();
    for (ReadPlan.Out o : p.select()) {
      if (o instanceof ReadPlan.Column) {
        ReadPlan.Column c = (ReadPlan.Column) o;
        if (!c.aggregated()) {
          keys.add(c.field().isStar() ? new Sql().ident(p.ref()).raw(".*") : columnExpr(p, c));
        }
      } else {
        ReadPlan child = ((ReadPlan.Embed) o).child();
        if (!outputNames(child).isEmpty() && !child.spread()) {
          keys.add(new Sql().ident(lateralAlias(child)).raw(".").ident(BODY).raw("::jsonb"));
        }
      }
    }
    for (int i = 0; i < keys.size(); i++) {
      s.raw(i == 0 ? " GROUP BY " : ", ").append(keys.get(i));
    }
  }

  private void embedOutputs(ReadPlan c, List<Sql> items) {
    if (outputNames(c).isEmpty()) {
      return; // `clients()` (or one holding only such embeds) filters, it outputs nothing
    }
    String lat = lateralAlias(c);
    if (!c.spread()) {
      Sql v = new Sql().ident(lat).raw(".").ident(BODY);
      if (c.toOne() && aggregating) {
        v.raw("::jsonb");
      }
      items.add(c.toOne() ? v.raw(" AS ").ident(c.name())
          : new Sql().raw("COALESCE(").append(v).raw(", '[]')").raw(" AS ").ident(c.name()));
      return;
    }
    for (String name : outputNames(c)) {
      Sql v = new Sql().ident(lat).raw(".").ident(name);
      items.add(c.toOne() ? v.raw(" AS ").ident(name)
          : new Sql().raw("COALESCE(").append(v).raw(", '[]')").raw(" AS ").ident(name));
    }
  }

  /** The keys a level outputs, in order (stars expanded from the schema cache). */
  public List<String> outputNames(ReadPlan p) {
    List<String> names = new ArrayList<>();
    for (ReadPlan.Out o : p.select()) {
      if (o instanceof ReadPlan.Column) {
        ReadPlan.Column c = (ReadPlan.Column) o;
        if (c.field() != null && c.field().isStar() && !c.aggregated()) {
          Table t = cache.table(p.relation());
          if (t != null) {
            names.addAll(t.columns().keySet());
          }
        } else if (c.aggregated()) {
          names.add(c.alias() != null ? c.alias() : c.aggregate());
        } else {
          names.add(Exprs.outputName(c.field(), c.alias()));
        }
      } else {
        ReadPlan child = ((ReadPlan.Embed) o).child();
        if (outputNames(child).isEmpty()) {
          continue;
        }
        if (child.spread()) {
          names.addAll(outputNames(child));
        } else {
          names.add(child.name());
        }
      }
    }
    return names;
  }

  private void lateral(Sql s, ReadPlan c, String parentRef, boolean forCount) {
    if (forCount && !c.inner()) {
      return; // a LEFT JOIN LATERAL cannot change the count
    }
    String lat = lateralAlias(c);
    String t = lat + "_t";
    Sql inner = level(c, fromOf(c), parentRef, false);
    s.raw(c.inner() ? " INNER JOIN LATERAL (" : " LEFT JOIN LATERAL (");
    if (c.toOne()) {
      if (c.spread()) {
        s.raw("SELECT TRUE AS ").ident(BODY).raw(", ").ident(t).raw(".* FROM (").append(inner).raw(") AS ").ident(t);
      } else {
        s.raw("SELECT row_to_json(").ident(t).raw(") AS ").ident(BODY).raw(", ").ident(t).raw(".* FROM (")
            .append(inner).raw(") AS ").ident(t);
      }
      s.raw(") AS ").ident(lat).raw(" ON TRUE");
      return;
    }
    if (c.spread()) {
      s.raw("SELECT pg_catalog.count(*) AS ").ident(COUNT);
      for (String name : outputNames(c)) {
        s.raw(", json_agg(").ident(t).raw(".").ident(name).raw(") AS ").ident(name);
      }
    } else {
      s.raw("SELECT json_agg(").ident(t).raw(") AS ").ident(BODY);
    }
    s.raw(" FROM (").append(inner).raw(") AS ").ident(t).raw(") AS ").ident(lat);
    if (c.inner()) {
      s.raw(" ON ").append(exists(c, true));
    } else {
      s.raw(" ON TRUE");
    }
  }

  /** Whether an embed produced anything (for !inner and for {@code embed=is.null}). */
  private Sql exists(ReadPlan c, boolean exists) {
    Sql s = new Sql().ident(lateralAlias(c)).raw(".");
    if (!c.toOne() && c.spread()) {
      return s.ident(COUNT).raw(exists ? " > 0" : " = 0");
    }
    return s.ident(BODY).raw(exists ? " IS NOT NULL" : " IS NULL");
  }

  private Sql fromOf(ReadPlan c) {
    Relationship r = c.rel();
    Sql from = new Sql();
    if (r.computed()) {
      return from; // rendered with the parent reference in joinConditions
    }
    from.qualified(c.relation().schema(), c.relation().name()).raw(" AS ").ident(c.ref());
    return from;
  }

  private void joinConditions(Sql s, ReadPlan c, String parentRef, List<Sql> conds) {
    Relationship r = c.rel();
    if (r.computed()) {
      QName fn = r.computedBy();
      s.qualified(fn.schema(), fn.name()).raw("(").ident(parentRef).raw(") AS ").ident(c.ref());
      return;
    }
    if (r.junction() != null) {
      String j = c.ref() + "_j";
      Relationship.Junction jn = r.junction();
      s.raw(" INNER JOIN ").qualified(jn.table().schema(), jn.table().name()).raw(" AS ").ident(j).raw(" ON ");
      List<Sql> on = new ArrayList<>();
      for (ColumnPair p : jn.targetColumns()) {
        on.add(new Sql().ident(j).raw(".").ident(p.local()).raw(" = ").ident(c.ref()).raw(".").ident(p.foreign()));
      }
      s.append(FilterSql.and(on));
      for (ColumnPair p : jn.sourceColumns()) {
        conds.add(new Sql().ident(j).raw(".").ident(p.local()).raw(" = ").ident(parentRef).raw(".")
            .ident(p.foreign()));
      }
      return;
    }
    for (ColumnPair p : r.columns()) {
      conds.add(new Sql().ident(c.ref()).raw(".").ident(p.foreign()).raw(" = ").ident(parentRef).raw(".")
          .ident(p.local()));
    }
  }

  private void orderAndPage(Sql s, ReadPlan p) {
    if (!p.order().isEmpty()) {
      s.raw(" ORDER BY ");
      for (int i = 0; i < p.order().size(); i++) {
        Order o = p.order().get(i);
        s.raw(i == 0 ? "" : ", ");
        if (o.relation() != null) {
          ReadPlan child = p.embeds().stream().filter(e -> e.name().equals(o.relation())).findFirst().orElseThrow();
          s.append(Exprs.jsonPath(new Sql().ident(lateralAlias(child)).raw(".").ident(o.field().name()),
              o.field().json()));
        } else {
          s.append(Exprs.field(p.ref(), o.field(), computed(p, o.field().name()),
              column(p.relation(), o.field().name())));
        }
        s.raw(o.desc() ? " DESC" : " ASC");
        if (o.nulls() != null) {
          s.raw(o.nulls() == Order.Nulls.FIRST ? " NULLS FIRST" : " NULLS LAST");
        }
      }
    }
    if (p.limit() != null) {
      s.raw(" LIMIT ").typedParam(p.limit());
    }
    if (p.offset() != null && p.offset() > 0) {
      s.raw(" OFFSET ").typedParam(p.offset());
    }
  }

  private FilterSql.Scope scope(ReadPlan p) {
    Table t = cache.table(p.relation());
    return FilterSql.scope(p.ref(), name -> computed(p, name), name -> t == null ? null : t.column(name),
        (name, isNull) -> {
          for (ReadPlan c : p.embeds()) {
            if (c.name().equals(name)) {
              return exists(c, !isNull);
            }
          }
          return null;
        });
  }

  private com.run402.local.runtime.rest.schema.Routine computed(ReadPlan p, String name) {
    Table t = cache.table(p.relation());
    if (t != null && t.column(name) != null) {
      return null;
    }
    return cache.computedField(p.relation(), name);
  }

  /** Whether a filter of {@code p} tests the embed {@code name} (then a count needs its join). */
  private static boolean referenced(ReadPlan p, String name) {
    for (com.run402.local.runtime.rest.request.Logic l : p.where()) {
      if (mentions(l, name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean mentions(com.run402.local.runtime.rest.request.Logic l, String name) {
    if (l instanceof com.run402.local.runtime.rest.request.Logic.Leaf) {
      return ((com.run402.local.runtime.rest.request.Logic.Leaf) l).filter().field().name().equals(name);
    }
    for (com.run402.local.runtime.rest.request.Logic c : ((com.run402.local.runtime.rest.request.Logic.Expr) l)
        .children()) {
      if (mentions(c, name)) {
        return true;
      }
    }
    return false;
  }

  static String lateralAlias(ReadPlan c) {
    return "pgrst_" + c.index();
  }

  /** The column named {@code name} of {@code rel}, if the cache knows it. */
  public Column column(QName rel, String name) {
    Table t = cache.table(rel);
    return t == null ? null : t.column(name);
  }
}

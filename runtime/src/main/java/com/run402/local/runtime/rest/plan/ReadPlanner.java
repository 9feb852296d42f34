package com.run402.local.runtime.rest.plan;

import com.run402.local.runtime.rest.RestError;
import com.run402.local.runtime.rest.request.Filter;
import com.run402.local.runtime.rest.request.Logic;
import com.run402.local.runtime.rest.request.Order;
import com.run402.local.runtime.rest.request.QueryParams;
import com.run402.local.runtime.rest.request.Scoped;
import com.run402.local.runtime.rest.request.SelectItem;
import com.run402.local.runtime.rest.schema.QName;
import com.run402.local.runtime.rest.schema.Relationship;
import com.run402.local.runtime.rest.schema.Routine;
import com.run402.local.runtime.rest.schema.SchemaCache;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the parsed select, filters, logic, order and page params into a {@link ReadPlan} tree:
 * embeds resolved to relationships, computed fields recognised, embed-scoped params attached to
 * the level they name. Params naming a level that is not in the select fail with PGRST108.
 */
public final class ReadPlanner {
  private final SchemaCache cache;
  private final QueryParams q;
  private boolean aggregates;
  private final Set<Scoped<?>> used = new HashSet<>();
  private int counter;

  private ReadPlanner(SchemaCache cache, QueryParams q) {
    this.cache = cache;
    this.q = q;
  }

  /**
   * Plans a read of {@code root} (referenced in SQL as {@code rootRef}); {@code limit}/{@code
   * offset} are the root page already combined from params, Range and max-rows.
   */
  public static ReadPlan plan(SchemaCache cache, QName root, String rootRef, QueryParams q, Long limit, Long offset) {
    return plan(cache, root, rootRef, q, limit, offset, false);
  }

  /** As above; {@code aggregates} allows aggregate functions in select (else PGRST123). */
  public static ReadPlan plan(SchemaCache cache, QName root, String rootRef, QueryParams q, Long limit, Long offset,
      boolean aggregates) {
    ReadPlanner p = new ReadPlanner(cache, q);
    p.aggregates = aggregates;
    ReadPlan plan = p.node(root, rootRef, root.name(), null, false, false, q.select(), List.of(), 0);
    p.checkAllUsed();
    return plan.withPage(limit, offset);
  }

  private ReadPlan node(QName rel, String ref, String name, Relationship via, boolean inner, boolean spread,
      List<SelectItem> items, List<String> path, int index) {
    List<ReadPlan.Out> out = new ArrayList<>();
    for (SelectItem item : items) {
      if (item instanceof SelectItem.Col) {
        out.add(column(rel, (SelectItem.Col) item));
      } else {
        SelectItem.Embed e = (SelectItem.Embed) item;
        Relationship r = Relations.resolve(cache, rel, e.relation(), e.hint());
        String childName = e.alias() != null ? e.alias() : e.relation();
        List<String> childPath = new ArrayList<>(path);
        childPath.add(childName);
        QName target = r.foreignTable();
        int childIndex = ++counter;
        String childRef = target.name() + "_" + childIndex;
        out.add(new ReadPlan.Embed(node(target, childRef, childName, r, e.join() == SelectItem.JoinType.INNER,
            e.spread(), e.select(), childPath, childIndex)));
      }
    }
    List<Logic> where = new ArrayList<>();
    for (Scoped<Filter> f : q.filters()) {
      if (f.path().equals(path)) {
        used.add(f);
        where.add(new Logic.Leaf(f.value()));
      }
    }
    for (Scoped<Logic> l : q.logic()) {
      if (l.path().equals(path)) {
        used.add(l);
        where.add(l.value());
      }
    }
    List<Order> order = new ArrayList<>();
    for (Scoped<List<Order>> o : q.orders()) {
      if (o.path().equals(path)) {
        used.add(o);
        order.addAll(o.value());
      }
    }
    Long limit = scoped(q.limits(), path);
    Long offset = scoped(q.offsets(), path);
    ReadPlan plan = new ReadPlan(rel, ref, name, via, inner, spread, out, where, order, limit, offset, index);
    checkRelatedOrders(plan);
    return plan;
  }

  private ReadPlan.Column column(QName rel, SelectItem.Col c) {
    if (c.aggregate() != null && !aggregates) {
      throw new RestError(400, "PGRST123", "Use of aggregate functions is not allowed");
    }
    if (c.field() == null) {
      return new ReadPlan.Column(null, c.alias(), c.cast(), null, c.aggregate(), c.aggregateCast());
    }
    Routine computed = c.field().isStar() ? null : cache.computedField(rel, c.field().name());
    if (computed != null && cache.table(rel) != null && cache.table(rel).column(c.field().name()) != null) {
      computed = null; // a real column wins over a function of the same name
    }
    return new ReadPlan.Column(c.field(), c.alias(), c.cast(), computed, c.aggregate(), c.aggregateCast());
  }

  private Long scoped(List<Scoped<Long>> values, List<String> path) {
    Long v = null;
    for (Scoped<Long> s : values) {
      if (s.path().equals(path)) {
        used.add(s);
        v = s.value();
      }
    }
    return v;
  }

  private void checkRelatedOrders(ReadPlan plan) {
    for (Order o : plan.order()) {
      if (o.relation() == null) {
        continue;
      }
      ReadPlan child = plan.embeds().stream().filter(e -> e.name().equals(o.relation())).findFirst().orElse(null);
      if (child == null) {
        throw notEmbedded(o.relation());
      }
      if (!child.toOne()) {
        throw new RestError(400, "PGRST118", "A related order on '" + child.name() + "' is not possible",
            "'" + plan.relation().name() + "' and '" + child.name()
                + "' do not form a many-to-one or one-to-one relationship",
            null);
      }
    }
  }

  private void checkAllUsed() {
    List<Scoped<?>> all = new ArrayList<>();
    all.addAll(q.filters());
    all.addAll(q.logic());
    all.addAll(q.orders());
    all.addAll(q.limits());
    all.addAll(q.offsets());
    for (Scoped<?> s : all) {
      if (!used.contains(s) && !s.path().isEmpty()) {
        throw notEmbedded(s.path().get(s.path().size() - 1));
      }
    }
  }

  /** The relationship an embed names (PGRST200/201 when none or several). */
  public static Relationship relation(SchemaCache cache, QName parent, String target, String hint) {
    return Relations.resolve(cache, parent, target, hint);
  }

  static RestError notEmbedded(String name) {
    return new RestError(400, "PGRST108", "'" + name + "' is not an embedded resource in this request", null,
        "Verify that '" + name + "' is included in the 'select' query parameter.");
  }
}

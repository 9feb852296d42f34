package com.run402.local.runtime.rest.plan;

import com.run402.local.runtime.rest.request.Field;
import com.run402.local.runtime.rest.request.Logic;
import com.run402.local.runtime.rest.request.Order;
import com.run402.local.runtime.rest.schema.QName;
import com.run402.local.runtime.rest.schema.Relationship;
import com.run402.local.runtime.rest.schema.Routine;
import java.util.List;

/**
 * One level of a read: a relation, how its rows are referenced in SQL ({@code ref}: the table's
 * own name at the root, {@code <table>_<n>} below, as PostgREST names them so Postgres' error
 * messages read the same), what it outputs, its filters, order and page, and its embeds. For an
 * embed, {@code rel} says how it joins to the parent and {@code name} is its output key.
 */
public record ReadPlan(
    QName relation,
    String ref,
    String name,
    Relationship rel,
    boolean inner,
    boolean spread,
    List<Out> select,
    List<Logic> where,
    List<Order> order,
    Long limit,
    Long offset,
    int index) {

  /** An output of the select list, in order. */
  public sealed interface Out permits Column, Embed {}

  /**
   * A column ({@code field.name} may be {@code *}), a computed field ({@code computed} set), with
   * optional alias and cast; {@code aggregate} is unused until aggregates are enabled.
   */
  public record Column(Field field, String alias, String cast, Routine computed, String aggregate,
      String aggregateCast) implements Out {
    public boolean aggregated() {
      return aggregate != null;
    }
  }

  /** An embedded resource rendered at this position. */
  public record Embed(ReadPlan child) implements Out {}

  /** The embeds of this level, in select order. */
  public List<ReadPlan> embeds() {
    return select.stream().filter(o -> o instanceof Embed).map(o -> ((Embed) o).child()).toList();
  }

  /** True when this embed yields at most one row per parent row. */
  public boolean toOne() {
    return rel != null && (rel.cardinality() == Relationship.Cardinality.M2O
        || rel.cardinality() == Relationship.Cardinality.O2O);
  }

  public ReadPlan withPage(Long newLimit, Long newOffset) {
    return new ReadPlan(relation, ref, name, rel, inner, spread, select, where, order, newLimit, newOffset,
        index);
  }

  public ReadPlan withSelect(List<Out> newSelect) {
    return new ReadPlan(relation, ref, name, rel, inner, spread, newSelect, where, order, limit, offset,
        index);
  }
}

package com.run402.local.runtime.rest.schema;

import java.util.List;

/**
 * A relationship from {@code table} to {@code foreignTable}, seen from {@code table}'s side.
 * For a foreign key {@code a.x -> b.y} the cache holds both directions: M2O from a (columns [x->y])
 * and O2M from b (columns [y->x]). O2O when the FK columns are also unique/PK on the referencing
 * side (both directions are then O2O). M2M goes through {@code junction}. {@code constraint} is the
 * FK constraint name (for M2M: the constraint of the junction pointing at {@code table}); used by
 * embed hints; {@code computedBy} is the function of a computed relationship (null for FKs).
 * Relationships exist for views too, inferred through their base tables' FKs.
 */
public record Relationship(
    QName table,
    QName foreignTable,
    Cardinality cardinality,
    String constraint,
    List<ColumnPair> columns,
    Junction junction,
    boolean isSelf,
    QName computedBy) {

  /** True for a computed relationship (a function {@code computedBy(table) -> foreignTable}). */
  public boolean computed() {
    return computedBy != null;
  }

  public enum Cardinality {
    O2M,
    M2O,
    O2O,
    M2M
  }

  /** {@code local} is a column of the relationship's {@code table}, {@code foreign} of its {@code foreignTable}. */
  public record ColumnPair(String local, String foreign) {}

  /**
   * For M2M: {@code table} ->(constraint1: junction.sourceColumns -> table cols)- junction
   * -(constraint2: junction.targetColumns -> foreignTable cols)-> {@code foreignTable}.
   * {@code sourceColumns} pairs are (junction column, table column); {@code targetColumns} pairs
   * are (junction column, foreignTable column).
   */
  public record Junction(
      QName table,
      String constraint1,
      List<ColumnPair> sourceColumns,
      String constraint2,
      List<ColumnPair> targetColumns) {}
}

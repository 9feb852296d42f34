package com.run402.local.runtime.rest.schema;

import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of the exposed schemas: tables/views with columns and keys, the
 * relationships between them (FK, inferred through views, M2M through junctions, and computed
 * relationships from functions), functions (overloads grouped by name) and computed fields.
 * Reloaded as a whole after DDL; never mutated.
 *
 * <p>{@code computedFields}: functions {@code f(t)} taking one argument of table {@code t}'s row
 * type and returning a scalar (or SETOF scalar), keyed by table then function name.
 * {@code computedRelationships}: functions {@code f(t)} returning a table's row type (or SETOF it),
 * keyed by table; exposed as {@link Relationship} with cardinality M2O (single) or O2M (setof),
 * {@code constraint} = the function name, {@code columns} empty and {@code computedBy} set.
 */
public record SchemaCache(
    List<String> schemas,
    Map<QName, Table> tables,
    Map<QName, List<Relationship>> relationships,
    Map<QName, List<Routine>> routines,
    Map<QName, Map<String, Routine>> computedFields,
    Map<QName, List<Relationship>> computedRelationships) {

  public Table table(QName name) {
    return tables.get(name);
  }

  /** FK-based and computed relationships starting at {@code table}. */
  public List<Relationship> relationshipsFrom(QName table) {
    List<Relationship> fk = relationships.getOrDefault(table, List.of());
    List<Relationship> comp = computedRelationships.getOrDefault(table, List.of());
    if (comp.isEmpty()) {
      return fk;
    }
    java.util.ArrayList<Relationship> all = new java.util.ArrayList<>(fk);
    all.addAll(comp);
    return all;
  }

  public List<Routine> routines(QName name) {
    return routines.getOrDefault(name, List.of());
  }

  public Routine computedField(QName table, String name) {
    Map<String, Routine> m = computedFields.get(table);
    return m == null ? null : m.get(name);
  }
}

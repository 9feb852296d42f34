package com.run402.local.runtime.rest.schema;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * A table, view, materialized view or foreign table in an exposed schema. {@code columns} keeps the
 * attribute order. {@code primaryKey} is empty when there is none (for views: inferred from the base
 * table when the view passes the key columns through, as PostgREST does).
 */
public record Table(
    QName name,
    boolean isView,
    boolean insertable,
    boolean updatable,
    boolean deletable,
    List<String> primaryKey,
    LinkedHashMap<String, Column> columns,
    String description) {

  public Column column(String name) {
    return columns.get(name);
  }
}

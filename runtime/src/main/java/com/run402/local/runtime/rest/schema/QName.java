package com.run402.local.runtime.rest.schema;

/** A schema-qualified name of a table, view, type or function. */
public record QName(String schema, String name) {
  @Override
  public String toString() {
    return schema + "." + name;
  }
}

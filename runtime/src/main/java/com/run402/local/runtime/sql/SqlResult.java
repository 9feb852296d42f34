package com.run402.local.runtime.sql;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The outcome of one SQL call: rows and fields of the last statement, the row count (null when no
 * statement reports one, i.e. DDL only), and whether the schema may have changed.
 */
public record SqlResult(List<JsonNode> rows, List<Field> fields, Long rowCount, boolean ddl) {
  /** A result column: its name and Postgres type name. */
  public record Field(String name, String type) {}
}

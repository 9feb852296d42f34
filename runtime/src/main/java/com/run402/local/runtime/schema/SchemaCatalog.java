package com.run402.local.runtime.schema;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.projects.Project;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * A per-project snapshot of the schema (tables, columns, constraints, RLS, policies), read from the
 * catalogs and cached until whatever ran DDL invalidates it in the same call, so there is never a
 * stale window. Serves {@code GET /projects/v1/admin/:id/schema}.
 */
public final class SchemaCatalog {
  private final DataSource ds;
  private final ObjectMapper json;
  private final Map<String, ObjectNode> cache = new ConcurrentHashMap<>();

  public SchemaCatalog(DataSource ds, ObjectMapper json) {
    this.ds = ds;
    this.json = json;
  }

  /** Drops the snapshot of a project; the next read introspects again. */
  public void invalidate(String projectId) {
    cache.remove(projectId);
  }

  public void invalidateAll() {
    cache.clear();
  }

  /** The SchemaReport of api-contract 2.1 (a copy: callers may not mutate the cache). */
  public ObjectNode report(Project p) {
    return cache.computeIfAbsent(p.id(), id -> load(p.schemaSlot())).deepCopy();
  }

  private ObjectNode load(String schema) {
    ObjectNode out = json.createObjectNode();
    out.put("schema", schema);
    Map<String, ObjectNode> tables = new LinkedHashMap<>();
    try (Connection c = ds.getConnection()) {
      each(c, SchemaQueries.TABLES, schema, rs -> {
        ObjectNode t = json.createObjectNode();
        t.put("name", rs.getString(1));
        t.putArray("columns");
        t.putArray("constraints");
        t.put("rls_enabled", rs.getBoolean(2));
        t.put("rls_forced", rs.getBoolean(3));
        long estimate = rs.getLong(4);
        t.put("row_estimate", estimate < 0 ? 0 : estimate);
        t.putArray("policies");
        tables.put(rs.getString(1), t);
      });
      each(c, SchemaQueries.COLUMNS, schema, rs -> {
        ObjectNode col = arr(tables, rs.getString(1), "columns");
        if (col != null) {
          col.put("name", rs.getString(2));
          col.put("type", rs.getString(3));
          col.put("nullable", rs.getBoolean(4));
          col.put("default_value", rs.getString(5));
        }
      });
      each(c, SchemaQueries.CONSTRAINTS, schema, rs -> {
        ObjectNode con = arr(tables, rs.getString(1), "constraints");
        if (con != null) {
          con.put("name", rs.getString(2));
          con.put("type", rs.getString(3));
          con.put("definition", rs.getString(4));
        }
      });
      each(c, SchemaQueries.POLICIES, schema, rs -> {
        ObjectNode pol = arr(tables, rs.getString(1), "policies");
        if (pol != null) {
          pol.put("name", rs.getString(2));
          pol.put("command", rs.getString(3));
          pol.put("using_expression", rs.getString(4));
          pol.put("check_expression", rs.getString(5));
          pol.put("permissive", rs.getBoolean(6));
          pol.put("roles", rs.getString(7));
        }
      });
    } catch (SQLException e) {
      throw new IllegalStateException("schema introspection failed: " + e.getMessage(), e);
    }
    ArrayNode arr = out.putArray("tables");
    tables.values().forEach(arr::add);
    return out;
  }

  private static ObjectNode arr(Map<String, ObjectNode> tables, String table, String field) {
    ObjectNode t = tables.get(table);
    return t == null ? null : ((ArrayNode) t.get(field)).addObject();
  }

  @FunctionalInterface
  private interface RowHandler {
    void row(ResultSet rs) throws SQLException;
  }

  private static void each(Connection c, String sql, String schema, RowHandler h) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          h.row(rs);
        }
      }
    }
  }
}

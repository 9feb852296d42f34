package com.run402.local.runtime.rest.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the PostgREST-style schema cache of the given schemas from the system catalogs: relations
 * with columns and keys, FK relationships (also inferred for views, and M2M through junctions),
 * functions, computed fields and computed relationships.
 *
 * <p>Runs with an empty {@code search_path} so every type name outside pg_catalog comes out
 * schema-qualified, whatever the caller's path. With an autocommit connection the reads share one
 * read-only REPEATABLE READ transaction (one consistent snapshot); inside a caller's transaction the
 * path is changed transaction-locally and restored.
 */
public final class SchemaLoader {
  private SchemaLoader() {}

  public static SchemaCache load(Connection c, List<String> schemas) throws SQLException {
    boolean own = c.getAutoCommit();
    String oldPath = null;
    try {
      if (own) {
        c.setAutoCommit(false);
        exec(c, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
      } else {
        oldPath = string(c, "SELECT current_setting('search_path')");
      }
      exec(c, "SELECT set_config('search_path', '', true)");
      SchemaCache cache = build(c, List.copyOf(schemas));
      if (own) {
        c.commit();
      } else {
        try (var ps = c.prepareStatement("SELECT set_config('search_path', ?, true)")) {
          ps.setString(1, oldPath);
          ps.execute();
        }
      }
      return cache;
    } catch (SQLException | RuntimeException e) {
      if (own) {
        try {
          c.rollback();
        } catch (SQLException r) {
          e.addSuppressed(r);
        }
      }
      throw e;
    } finally {
      if (own) {
        c.setAutoCommit(true);
      }
    }
  }

  private static SchemaCache build(Connection c, List<String> schemas) throws SQLException {
    List<Catalog.Rel> rels = Catalog.relations(c, schemas);
    Map<Long, List<Column>> columns = Catalog.columns(c, schemas);
    Map<Long, QName> names = new HashMap<>();
    Map<Long, QName> byRowType = new HashMap<>();
    Map<Long, List<Column>> viewColumns = new HashMap<>();
    for (Catalog.Rel r : rels) {
      names.put(r.oid(), r.name());
      byRowType.put(r.reltype(), r.name());
      if (r.isView()) {
        viewColumns.put(r.oid(), columns.getOrDefault(r.oid(), List.of()));
      }
    }
    ViewLineage lineage = ViewLineage.load(c, viewColumns.keySet());
    Set<Long> keyRels = new HashSet<>(names.keySet());
    keyRels.addAll(lineage.originRelations());
    List<Catalog.Key> keys = Catalog.keys(c, keyRels);
    List<ViewKeys.Dep> deps = ViewKeys.find(lineage, viewColumns, keys);

    Map<Long, List<String>> pks = primaryKeys(rels, keys, deps);
    Map<QName, Table> tables = new LinkedHashMap<>();
    for (Catalog.Rel r : rels) { // already ordered by schema, name
      tables.put(r.name(), table(r, pks.get(r.oid()), columns.getOrDefault(r.oid(), List.of())));
    }

    Map<QName, List<Relationship>> relationships = Relationships.build(names, pks, keys, deps);
    List<Catalog.Fn> fns = Catalog.functions(c, schemas);
    Map<QName, Map<String, Routine>> fields = new LinkedHashMap<>();
    Map<QName, List<Relationship>> computedRels = new LinkedHashMap<>();
    Routines.computed(fns, byRowType, fields, computedRels);
    overrideByComputed(relationships, computedRels);
    return new SchemaCache(schemas, Collections.unmodifiableMap(tables), Collections.unmodifiableMap(relationships),
        Collections.unmodifiableMap(Routines.callable(fns)), Collections.unmodifiableMap(fields),
        Collections.unmodifiableMap(computedRels));
  }

  /** Tables: their PRIMARY KEY; views: the base tables' PKs they expose (first exposing column). */
  private static Map<Long, List<String>> primaryKeys(List<Catalog.Rel> rels, List<Catalog.Key> keys,
      List<ViewKeys.Dep> deps) {
    Map<Long, List<String>> out = new HashMap<>();
    for (Catalog.Rel r : rels) {
      List<String> pk = new ArrayList<>();
      if (r.isView()) {
        deps.stream()
            .filter(d -> d.view() == r.oid() && d.key().type() == 'p' && !d.refSide())
            .sorted(Comparator.comparingLong(d -> d.key().oid()))
            .forEach(d -> d.firstColumns().stream().filter(col -> !pk.contains(col)).forEach(pk::add));
      } else {
        keys.stream().filter(k -> k.relid() == r.oid() && k.type() == 'p').findFirst()
            .ifPresent(k -> pk.addAll(k.names()));
      }
      out.put(r.oid(), List.copyOf(pk));
    }
    return out;
  }

  private static Table table(Catalog.Rel r, List<String> pk, List<Column> cols) {
    LinkedHashMap<String, Column> byName = new LinkedHashMap<>();
    cols.forEach(col -> byName.put(col.name(), col));
    boolean plain = r.kind() == 'r' || r.kind() == 'p';
    int mask = r.updatableMask(); // 1 << CMD_INSERT (8), CMD_UPDATE (4), CMD_DELETE (16)
    return new Table(r.name(), r.isView(), plain || (mask & 8) != 0, plain || (mask & 4) != 0,
        plain || (mask & 16) != 0, pk, byName, r.description());
  }

  /**
   * PostgREST lets a computed relationship override detected ones: a function named like the target
   * table (same schema and name) replaces the FK relationships from its argument's table to it.
   */
  private static void overrideByComputed(Map<QName, List<Relationship>> rels, Map<QName, List<Relationship>> computed) {
    computed.forEach((table, list) -> {
      Set<QName> replaced = new HashSet<>();
      list.forEach(r -> replaced.add(r.computedBy()));
      List<Relationship> fk = rels.get(table);
      if (fk != null) {
        rels.put(table, fk.stream().filter(r -> !replaced.contains(r.foreignTable())).toList());
      }
    });
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String string(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}

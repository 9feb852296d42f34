package com.run402.local.runtime.rest.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Runs the catalog queries (SQL text in {@code /run402/rest/schema-*.sql}) and returns their rows as
 * plain records; all interpretation happens in the other classes of this package. Relations are
 * identified by oid while the cache is being built, because base tables behind views may live in
 * schemas that are not exposed.
 */
final class Catalog {
  private Catalog() {}

  record Rel(long oid, QName name, char kind, long reltype, String description, int updatableMask) {
    boolean isView() {
      return kind == 'v' || kind == 'm';
    }
  }

  /** A PK ('p'), UNIQUE ('u') or FK ('f') constraint; the f* fields are the referenced side of an FK. */
  record Key(long oid, String name, char type, long relid, long frelid, int[] nums, List<String> names,
      int[] fnums, List<String> fnames) {}

  record Fn(long oid, QName name, String description, int nDefaults, boolean setOf, double rows,
      char volatility, long retType, String retFormatted, QName retBase, long retBaseOid, char retTypType,
      char retRelKind, List<String> argTypes, List<Long> argTypeOids, List<String> argModes, List<String> argNames) {}

  private static final Map<String, String> SQL = new ConcurrentHashMap<>();

  static String sql(String name) {
    return SQL.computeIfAbsent(name, n -> {
      try (InputStream in = Catalog.class.getResourceAsStream("/run402/rest/" + n)) {
        if (in == null) {
          throw new IllegalStateException("missing resource /run402/rest/" + n);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  static List<Rel> relations(Connection c, List<String> schemas) throws SQLException {
    List<Rel> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql("schema-relations.sql"))) {
      ps.setArray(1, c.createArrayOf("text", schemas.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Rel(rs.getLong("oid"), new QName(rs.getString("schema"), rs.getString("name")),
              rs.getString("kind").charAt(0), rs.getLong("reltype"), rs.getString("description"),
              rs.getInt("upd")));
        }
      }
    }
    return out;
  }

  /** Columns by relation oid, in attribute order. */
  static Map<Long, List<Column>> columns(Connection c, List<String> schemas) throws SQLException {
    Map<Long, List<Column>> out = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql("schema-columns.sql"))) {
      ps.setArray(1, c.createArrayOf("text", schemas.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int maxLen = rs.getInt("maxlen");
          Integer maxLength = rs.wasNull() ? null : maxLen;
          Column col = new Column(rs.getString("name"), rs.getInt("position"), rs.getString("type"),
              rs.getString("nominal"), rs.getBoolean("nullable"), rs.getString("def"), maxLength,
              strings(rs.getArray("enumvals")), rs.getBoolean("generated"), rs.getBoolean("isarray"),
              rs.getBoolean("isjson"), rs.getString("description"));
          out.computeIfAbsent(rs.getLong("relid"), k -> new ArrayList<>()).add(col);
        }
      }
    }
    return out;
  }

  /** PK/UNIQUE/FK constraints of {@code relids} and FKs referencing them. */
  static List<Key> keys(Connection c, Collection<Long> relids) throws SQLException {
    List<Key> out = new ArrayList<>();
    if (relids.isEmpty()) {
      return out;
    }
    try (PreparedStatement ps = c.prepareStatement(sql("schema-keys.sql"))) {
      String oids = oidArray(relids);
      ps.setString(1, oids);
      ps.setString(2, oids);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Key(rs.getLong("oid"), rs.getString("name"), rs.getString("type").charAt(0),
              rs.getLong("relid"), rs.getLong("frelid"), ints(rs.getArray("nums")),
              strings(rs.getArray("names")), ints(rs.getArray("fnums")), strings(rs.getArray("fnames"))));
        }
      }
    }
    return out;
  }

  /** {@code ev_action} text of those of {@code oids} that are views or materialized views. */
  static Map<Long, String> viewTrees(Connection c, Collection<Long> oids) throws SQLException {
    Map<Long, String> out = new LinkedHashMap<>();
    if (oids.isEmpty()) {
      return out;
    }
    try (PreparedStatement ps = c.prepareStatement(sql("schema-views.sql"))) {
      ps.setString(1, oidArray(oids));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getLong("oid"), rs.getString("tree"));
        }
      }
    }
    return out;
  }

  static List<Fn> functions(Connection c, List<String> schemas) throws SQLException {
    List<Fn> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql("schema-functions.sql"))) {
      ps.setArray(1, c.createArrayOf("text", schemas.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<Long> typeOids = new ArrayList<>();
          Array a = rs.getArray("type_oids");
          if (a != null) {
            for (Object o : (Object[]) a.getArray()) {
              typeOids.add(((Number) o).longValue());
            }
          }
          out.add(new Fn(rs.getLong("oid"), new QName(rs.getString("schema"), rs.getString("name")),
              rs.getString("description"), rs.getInt("ndefaults"), rs.getBoolean("setof"),
              rs.getDouble("rows"), rs.getString("volatility").charAt(0), rs.getLong("rettype"),
              rs.getString("ret_formatted"), new QName(rs.getString("ret_schema"), rs.getString("ret_name")),
              rs.getLong("ret_base"), rs.getString("ret_typtype").charAt(0), firstChar(rs.getString("ret_relkind")),
              strings(rs.getArray("types")), typeOids,
              strings(rs.getArray("modes")), strings(rs.getArray("names"))));
        }
      }
    }
    return out;
  }

  private static char firstChar(String s) {
    return s == null || s.isEmpty() ? 0 : s.charAt(0);
  }

  /** A Postgres array literal of oids, bound as text and cast with {@code ?::oid[]}. */
  private static String oidArray(Collection<Long> oids) {
    return oids.stream().sorted().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
  }

  private static List<String> strings(Array a) throws SQLException {
    if (a == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Object o : (Object[]) a.getArray()) {
      out.add(o == null ? "" : o.toString()); // null only for an FK's missing referenced column name
    }
    return List.copyOf(out);
  }

  private static int[] ints(Array a) throws SQLException {
    if (a == null) {
      return new int[0];
    }
    Object[] vals = (Object[]) a.getArray();
    int[] out = new int[vals.length];
    for (int i = 0; i < vals.length; i++) {
      out[i] = vals[i] == null ? 0 : ((Number) vals[i]).intValue();
    }
    return out;
  }
}

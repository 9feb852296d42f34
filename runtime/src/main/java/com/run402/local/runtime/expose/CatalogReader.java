package com.run402.local.runtime.expose;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a {@link LiveSchema} from the catalogs, inside the caller's transaction. */
final class CatalogReader {
  private static final String RELATIONS = "SELECT c.relname, c.relkind::text FROM pg_class c "
      + "WHERE c.relnamespace = to_regnamespace(?) AND c.relkind IN ('r','p','v','m','f') ORDER BY c.relname";
  private static final String COLUMNS = "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod) "
      + "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
      + "WHERE c.relnamespace = to_regnamespace(?) AND c.relkind IN ('r','p','v','m','f') "
      + "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum";
  private static final String POLICIES = "SELECT c.relname, pol.polname FROM pg_policy pol "
      + "JOIN pg_class c ON c.oid = pol.polrelid WHERE c.relnamespace = to_regnamespace(?) ORDER BY 1, 2";
  private static final String FUNCTIONS = "SELECT p.proname, oidvectortypes(p.proargtypes) "
      + "FROM pg_proc p WHERE p.pronamespace = to_regnamespace(?) AND p.prokind IN ('f','p') "
      + "AND p.prorettype <> 'trigger'::regtype ORDER BY 1, 2";
  /** Postgres parses the signature; the text is bound, never spliced. */
  private static final String RESOLVE = "SELECT oidvectortypes(p.proargtypes) FROM pg_proc p "
      + "WHERE p.oid = to_regprocedure(quote_ident(?) || '.' || quote_ident(?) || ?)";

  private CatalogReader() {}

  static LiveSchema read(Connection c, String schema) throws SQLException {
    Map<String, Character> kinds = new LinkedHashMap<>();
    rows(c, RELATIONS, schema, rs -> kinds.put(rs.getString(1), rs.getString(2).charAt(0)));
    Map<String, Map<String, String>> columns = new HashMap<>();
    rows(c, COLUMNS, schema, rs -> columns.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
        .put(rs.getString(2), rs.getString(3)));
    Map<String, List<String>> policies = new HashMap<>();
    rows(c, POLICIES, schema, rs -> policies.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
        .add(rs.getString(2)));
    Map<String, LiveSchema.Relation> rels = new LinkedHashMap<>();
    kinds.forEach((name, kind) -> rels.put(name, new LiveSchema.Relation(name, kind,
        columns.getOrDefault(name, Map.of()), policies.getOrDefault(name, List.of()))));
    Map<String, List<LiveSchema.Function>> fns = new HashMap<>();
    rows(c, FUNCTIONS, schema, rs -> fns.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
        .add(new LiveSchema.Function(rs.getString(1), rs.getString(2))));
    return new LiveSchema(schema, rels, fns, (name, sig) -> resolve(c, schema, name, sig));
  }

  private static Optional<String> resolve(Connection c, String schema, String name, String signature) {
    // A signature Postgres cannot parse (an unknown type) raises an error; a savepoint keeps the
    // caller's transaction usable and the answer is simply "no such function".
    java.sql.Savepoint sp = null;
    try {
      sp = c.setSavepoint();
      Optional<String> out;
      try (PreparedStatement ps = c.prepareStatement(RESOLVE)) {
        ps.setString(1, schema);
        ps.setString(2, name);
        ps.setString(3, signature);
        try (ResultSet rs = ps.executeQuery()) {
          out = rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
        }
      }
      c.releaseSavepoint(sp);
      return out;
    } catch (SQLException e) {
      try {
        if (sp != null) {
          c.rollback(sp);
        }
      } catch (SQLException ignored) {
        // the transaction is lost anyway; the caller's next statement reports it
      }
      return Optional.empty();
    }
  }

  @FunctionalInterface
  interface Row {
    void accept(ResultSet rs) throws SQLException;
  }

  static void rows(Connection c, String sql, String schema, Row row) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          row.accept(rs);
        }
      }
    }
  }
}

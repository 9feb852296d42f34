package com.run402.local.runtime.sql;

import com.run402.local.runtime.db.Jdbc;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.db.TenantConnections;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.projects.Project;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a project's SQL as the project's own login role, in one transaction with the search path set
 * to the project's schema and service-role claims, and reports results as production does.
 */
public final class SqlRunner {
  private static final Set<String> COUNTED = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "WITH", "COPY", "SELECT",
      "VALUES", "TABLE", "FETCH", "MOVE");

  /**
   * Statements that end the transaction. Inside a read-only one they are refused as writes are: what followed
   * them in the same text would run in a new transaction, read-write ({@code COMMIT; INSERT ...}).
   */
  private static final Set<String> ENDS_TRANSACTION = Set.of("COMMIT", "END", "ROLLBACK", "ABORT");

  /** SQLSTATE of a write in a read-only transaction. */
  private static final String READ_ONLY_VIOLATION = "25006";

  private final TenantConnections tenants;
  private final ObjectMapper json;
  private final PgJson pgJson;
  private final Duration statementTimeout;

  public SqlRunner(TenantConnections tenants, ObjectMapper json, Duration statementTimeout) {
    this.tenants = tenants;
    this.json = json;
    this.pgJson = new PgJson(json);
    this.statementTimeout = statementTimeout;
  }

  public SqlResult run(Project p, SqlRequest req) {
    return run(p, req, null);
  }

  /**
   * Runs the SQL; with {@code onWrite} non-null the transaction is read-only (a project whose lease
   * expired) and any write is answered with {@code onWrite} instead of PostgreSQL's error.
   */
  public SqlResult run(Project p, SqlRequest req, ApiException onWrite) {
    SqlBlocklist.check(req.sql());
    List<String> kinds = SqlText.leadingKeywords(req.sql());
    if (onWrite != null && kinds.stream().anyMatch(ENDS_TRANSACTION::contains)) {
      throw onWrite;
    }
    boolean ddl = kinds.stream().anyMatch(k -> !COUNTED.contains(k));
    String role = p.ownerRole();
    Connection c = null;
    boolean healthy = true;
    try {
      c = tenants.acquire(role);
      c.setAutoCommit(false);
      prepareSession(c, p, onWrite != null);
      SqlResult r = req.params().isEmpty() ? simple(c, req.sql(), kinds, ddl) : prepared(c, req, kinds, ddl);
      c.commit();
      return r;
    } catch (SQLException e) {
      healthy = Jdbc.rollbackQuietly(c) && (e.getSQLState() == null || !e.getSQLState().startsWith("08"));
      if (onWrite != null && READ_ONLY_VIOLATION.equals(e.getSQLState())) {
        throw onWrite;
      }
      throw sqlError(e);
    } catch (RuntimeException e) {
      healthy = Jdbc.rollbackQuietly(c);
      throw e;
    } finally {
      tenants.release(role, c, healthy);
    }
  }

  /** Search path, timeout and service-role claims for this transaction, in one round trip. */
  private void prepareSession(Connection c, Project p, boolean readOnly) throws SQLException {
    ObjectNode claims = json.createObjectNode();
    claims.put("role", "service_role");
    claims.put("project_id", p.id());
    claims.put("iss", "run402-local");
    try (PreparedStatement ps = c.prepareStatement("SELECT set_config('search_path', ?, true), "
        + "set_config('statement_timeout', ?, true), set_config('request.jwt.claims', ?, true)"
        + (readOnly ? ", set_config('transaction_read_only', 'on', true)" : ""))) {
      ps.setString(1, p.schemaSlot());
      ps.setString(2, Long.toString(statementTimeout.toMillis()));
      ps.setString(3, claims.toString());
      ps.execute();
    }
  }

  private SqlResult simple(Connection c, String sql, List<String> kinds, boolean ddl) throws SQLException {
    try (Statement st = c.createStatement()) {
      return collect(st, st.execute(sql), kinds, ddl);
    }
  }

  private SqlResult prepared(Connection c, SqlRequest req, List<String> kinds, boolean ddl) throws SQLException {
    SqlText.Rewritten rw = SqlText.rewritePlaceholders(req.sql());
    try (PreparedStatement ps = c.prepareStatement(rw.sql())) {
      SqlParams.bind(ps, req.params(), rw.order());
      return collect(ps, ps.execute(), kinds, ddl);
    }
  }

  private SqlResult collect(Statement st, boolean isResultSet, List<String> kinds, boolean ddl) throws SQLException {
    List<JsonNode> rows = List.of();
    List<SqlResult.Field> fields = List.of();
    Long total = null;
    int index = 0;
    while (true) {
      Long count;
      if (isResultSet) {
        try (ResultSet rs = st.getResultSet()) {
          fields = fields(rs.getMetaData());
          rows = rows(rs, fields);
        }
        count = (long) rows.size();
      } else {
        int uc = st.getUpdateCount();
        if (uc == -1) {
          break;
        }
        rows = List.of();
        fields = List.of();
        String kind = index < kinds.size() ? kinds.get(index) : "";
        count = COUNTED.contains(kind) || uc > 0 ? (long) uc : null;
      }
      if (count != null) {
        total = total == null ? count : total + count;
      }
      index++;
      isResultSet = st.getMoreResults();
    }
    return new SqlResult(rows, fields, total, ddl);
  }

  private static List<SqlResult.Field> fields(ResultSetMetaData md) throws SQLException {
    List<SqlResult.Field> out = new ArrayList<>(md.getColumnCount());
    for (int i = 1; i <= md.getColumnCount(); i++) {
      out.add(new SqlResult.Field(md.getColumnLabel(i), typeName(md.getColumnTypeName(i))));
    }
    return out;
  }

  /** pgjdbc reports serial columns by their pseudo-type; the wire type is the integer. */
  static String typeName(String jdbcName) {
    return switch (jdbcName) {
      case "serial" -> "int4";
      case "bigserial" -> "int8";
      case "smallserial" -> "int2";
      default -> jdbcName;
    };
  }

  private List<JsonNode> rows(ResultSet rs, List<SqlResult.Field> fields) throws SQLException {
    List<JsonNode> out = new ArrayList<>();
    while (rs.next()) {
      ObjectNode row = json.createObjectNode();
      for (int i = 0; i < fields.size(); i++) {
        row.set(fields.get(i).name(), pgJson.value(rs, i + 1, fields.get(i).type()));
      }
      out.add(row);
    }
    return out;
  }

  /** Production: 400 {"error":"SQL error: <pg message>"}; we add the SQLSTATE. */
  static ApiException sqlError(SQLException e) {
    return Jdbc.failure(e, "sql_error", "SQL error: ");
  }

}

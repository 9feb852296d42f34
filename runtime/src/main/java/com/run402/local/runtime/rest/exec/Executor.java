package com.run402.local.runtime.rest.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.run402.local.runtime.db.Jdbc;
import com.run402.local.runtime.rest.RestError;
import com.run402.local.runtime.rest.RestOptions;
import com.run402.local.runtime.rest.sql.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Predicate;

/**
 * Runs one request in one transaction: session GUCs and role, the pre-request function, the main
 * statement, then commit or roll back. Database errors become PostgREST errors; the connection
 * goes back to its source cleaned (or closed when it broke).
 */
public final class Executor {
  private final RestOptions.ConnectionSource connections;
  private final ObjectMapper json;

  public Executor(RestOptions.ConnectionSource connections, ObjectMapper json) {
    this.connections = connections;
    this.json = json;
  }

  /** What the main statement returned (one row: counts, body, GUC-set response headers/status). */
  public record Outcome(Long total, long pageTotal, String body, String responseHeaders, String responseStatus,
      String location, Long inserted) {}

  /**
   * Executes {@code main}; {@code commit} decides from the outcome whether to commit (false rolls
   * back). {@code authenticated} picks 401 vs 403 for permission errors.
   */
  public Outcome run(Session s, Sql main, Predicate<Outcome> commit, boolean authenticated) {
    return run(s, main, null, commit, authenticated);
  }

  /**
   * As above; {@code estimate}, when given, is EXPLAINed first and its planned row count becomes
   * the total ({@code Prefer: count=planned}), as PostgREST does.
   */
  public Outcome run(Session s, Sql main, Sql estimate, Predicate<Outcome> commit, boolean authenticated) {
    Connection c = null;
    boolean healthy = true;
    try {
      c = connections.acquire();
      c.setAutoCommit(false);
      c.setReadOnly(s.readOnly());
      setup(c, s);
      Long planned = estimate == null ? null : plannedRows(c, estimate);
      Outcome o;
      try (PreparedStatement ps = Statements.prepare(c, main); ResultSet rs = ps.executeQuery()) {
        rs.next();
        long total = rs.getLong("total");
        Long tot = rs.wasNull() ? planned : Long.valueOf(total);
        o = new Outcome(tot, rs.getLong("page_total"), rs.getString("body"), rs.getString("response_headers"),
            rs.getString("response_status"), rs.getString("location"), nullableLong(rs, "inserted"));
      }
      if (commit.test(o)) {
        c.commit();
      } else {
        c.rollback();
      }
      return o;
    } catch (SQLException e) {
      Jdbc.rollbackQuietly(c);
      healthy = e.getSQLState() == null || !e.getSQLState().startsWith("08");
      throw SqlErrors.map(e, authenticated, json);
    } catch (RuntimeException e) {
      Jdbc.rollbackQuietly(c);
      throw e;
    } finally {
      if (c != null) {
        try {
          c.setReadOnly(false);
        } catch (SQLException e) {
          healthy = false;
        }
        connections.release(c, healthy);
      }
    }
  }

  private Long plannedRows(Connection c, Sql query) throws SQLException {
    Sql explain = new Sql().raw("EXPLAIN (FORMAT JSON) ").append(query);
    try (PreparedStatement ps = Statements.prepare(c, explain); ResultSet rs = ps.executeQuery()) {
      rs.next();
      com.fasterxml.jackson.databind.JsonNode plan = json.readTree(rs.getString(1));
      return plan.path(0).path("Plan").path("Plan Rows").asLong();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return null;
    }
  }

  private static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  private void setup(Connection c, Session s) throws SQLException {
    String sql = "SELECT set_config('search_path', ?, true), set_config('role', ?, true),"
        + " set_config('request.jwt.claims', ?, true), set_config('request.method', ?, true),"
        + " set_config('request.path', ?, true), set_config('request.headers', ?, true),"
        + " set_config('request.cookies', ?, true), set_config('statement_timeout', ?, true)"
        + (s.timezone() != null ? ", set_config('timezone', ?, true)" : "");
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, s.searchPath());
      ps.setString(2, s.role());
      ps.setString(3, s.claimsJson());
      ps.setString(4, s.method());
      ps.setString(5, s.path());
      ps.setString(6, s.headersJson());
      ps.setString(7, s.cookiesJson());
      ps.setString(8, Long.toString(s.statementTimeoutMillis()));
      if (s.timezone() != null) {
        ps.setString(9, s.timezone());
      }
      ps.executeQuery().close();
    } catch (SQLException e) {
      String msg = e.getMessage() == null ? "" : e.getMessage();
      if (("22023".equals(e.getSQLState()) || "42704".equals(e.getSQLState())) && msg.contains("role")) {
        RestError mapped = SqlErrors.map(e, true, json);
        throw new RestError(401, mapped.code(), mapped.getMessage(), mapped.details(), mapped.hint());
      }
      throw e;
    }
    if (s.preRequest() != null) {
      int dot = s.preRequest().indexOf('.');
      Sql call = new Sql();
      if (dot > 0) {
        call.qualified(s.preRequest().substring(0, dot), s.preRequest().substring(dot + 1));
      } else {
        call.ident(s.preRequest());
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT " + call.text() + "()")) {
        ps.executeQuery().close();
      }
    }
  }

}

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
   * the total ({@code Prefer: count=planned}), as PostgREST does. Two round trips: BEGIN, the
   * session settings, the pre-request function and the main statement go in one batch; then
   * COMMIT or ROLLBACK (plus one for the estimate).
   */
  public Outcome run(Session s, Sql main, Sql estimate, Predicate<Outcome> commit, boolean authenticated) {
    Connection c = null;
    boolean healthy = true;
    try {
      c = connections.acquire();
      c.setAutoCommit(false);
      Long planned = null;
      if (estimate != null) {
        runSetup(c, s);
        planned = plannedRows(c, estimate);
      }
      Outcome o = execute(c, estimate == null ? s : null, main, planned);
      if (commit.test(o)) {
        c.commit();
      } else {
        c.rollback();
      }
      return o;
    } catch (SQLException e) {
      Jdbc.rollbackQuietly(c);
      healthy = healthy(e);
      throw map(e, s, authenticated);
    } catch (RuntimeException e) {
      Jdbc.rollbackQuietly(c);
      throw e;
    } finally {
      release(c, healthy);
    }
  }

  /**
   * As {@link #run(Session, Sql, Predicate, boolean)} when the transaction's end is known up front.
   * A committing one is a single round trip: the session settings, the pre-request function and the
   * main statement go as one batch that Postgres runs as one implicit transaction, committed at its
   * Sync (as a pipelined PostgREST request is). {@code set_config(..., true)} lasts exactly that long.
   */
  public Outcome run(Session s, Sql main, Sql estimate, boolean commit, boolean authenticated) {
    if (!commit || estimate != null) {
      return run(s, main, estimate, o -> commit, authenticated);
    }
    Connection c = null;
    boolean healthy = true;
    try {
      c = connections.acquire();
      c.setAutoCommit(true);
      return execute(c, s, main, null);
    } catch (SQLException e) {
      healthy = healthy(e);
      throw map(e, s, authenticated);
    } finally {
      release(c, healthy);
    }
  }

  /** Runs the batch (settings when {@code s} is given, then main) and reads main's one row. */
  private Outcome execute(Connection c, Session s, Sql main, Long planned) throws SQLException {
    Sql batch = main;
    int skip = 0;
    if (s != null) {
      batch = setup(s);
      skip = s.preRequest() == null ? 1 : 2;
      batch.raw(";\n").append(main);
    }
    try (PreparedStatement ps = Statements.prepare(c, batch)) {
      ps.execute();
      for (int i = 0; i < skip; i++) {
        ps.getMoreResults();
      }
      try (ResultSet rs = ps.getResultSet()) {
        rs.next();
        long total = rs.getLong("total");
        Long tot = rs.wasNull() ? planned : Long.valueOf(total);
        return new Outcome(tot, rs.getLong("page_total"), rs.getString("body"), rs.getString("response_headers"),
            rs.getString("response_status"), rs.getString("location"), nullableLong(rs, "inserted"));
      }
    }
  }

  private void runSetup(Connection c, Session s) throws SQLException {
    try (PreparedStatement ps = Statements.prepare(c, setup(s))) {
      ps.execute();
    }
  }

  private void release(Connection c, boolean healthy) {
    if (c != null) {
      connections.release(c, healthy);
    }
  }

  private static boolean healthy(SQLException e) {
    return e.getSQLState() == null || !e.getSQLState().startsWith("08");
  }

  /**
   * The PostgREST error for a failure; an unknown or forbidden role in the token (the session's own
   * role, refused by {@code set_config('role', ...)}) is a 401 as in PostgREST.
   */
  private RestError map(SQLException e, Session s, boolean authenticated) {
    RestError mapped = SqlErrors.map(e, authenticated, json);
    String msg = e.getMessage() == null ? "" : e.getMessage();
    boolean roleRefused = s != null && ("22023".equals(e.getSQLState()) || "42704".equals(e.getSQLState()))
        && (msg.contains("parameter \"role\"") || msg.contains("role \"" + s.role() + "\" does not exist"));
    if (roleRefused) {
      return new RestError(401, mapped.code(), mapped.getMessage(), mapped.details(), mapped.hint());
    }
    return mapped;
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

  /**
   * The session settings as one statement (then the pre-request function as a second): search path,
   * role, claims, request GUCs, timeout, time zone and, for reads, a read-only transaction.
   */
  private static Sql setup(Session s) {
    Sql q = new Sql().raw("SELECT ");
    setting(q, "search_path", s.searchPath()).raw(", ");
    setting(q, "role", s.role()).raw(", ");
    setting(q, "request.jwt.claims", s.claimsJson()).raw(", ");
    setting(q, "request.method", s.method()).raw(", ");
    setting(q, "request.path", s.path()).raw(", ");
    setting(q, "request.headers", s.headersJson()).raw(", ");
    setting(q, "request.cookies", s.cookiesJson()).raw(", ");
    setting(q, "statement_timeout", Long.toString(s.statementTimeoutMillis()));
    if (s.timezone() != null) {
      setting(q.raw(", "), "timezone", s.timezone());
    }
    if (s.readOnly()) {
      q.raw(", set_config('transaction_read_only', 'on', true)");
    }
    if (s.preRequest() != null) {
      int dot = s.preRequest().indexOf('.');
      q.raw(";\nSELECT ");
      if (dot > 0) {
        q.qualified(s.preRequest().substring(0, dot), s.preRequest().substring(dot + 1));
      } else {
        q.ident(s.preRequest());
      }
      q.raw("()");
    }
    return q;
  }

  private static Sql setting(Sql q, String name, String value) {
    return q.raw("set_config('" + name + "', ").typedParam(value).raw(", true)");
  }
}

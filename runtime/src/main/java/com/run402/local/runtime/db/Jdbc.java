package com.run402.local.runtime.db;

import com.run402.local.runtime.error.ApiException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.util.PSQLException;

/**
 * The JDBC chores callers share: one-statement updates and queries on a pooled data source (values
 * always bound as parameters), rolling back, and reporting failures.
 */
public final class Jdbc {
  private Jdbc() {}

  /** Maps the current row of a result set. */
  @FunctionalInterface
  public interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** Runs one statement with {@code args} bound in order; returns the update count. */
  public static int update(DataSource db, String sql, Object... args) throws SQLException {
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      return ps.executeUpdate();
    }
  }

  /** As {@link #update(DataSource, String, Object...)}, on a connection the caller holds (inside its transaction). */
  public static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      return ps.executeUpdate();
    }
  }

  /** Runs one query with {@code args} bound in order; every row mapped by {@code row}. */
  public static <T> List<T> query(DataSource db, String sql, Row<T> row, Object... args) throws SQLException {
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      List<T> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(row.map(rs));
        }
      }
      return out;
    }
  }

  private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
  }

  /** Rolls back; false when the connection could not (it should then be closed, not pooled). */
  public static boolean rollbackQuietly(Connection c) {
    if (c == null) {
      return false;
    }
    try {
      c.rollback();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /** Postgres' own message (without pgjdbc's "ERROR:" prefix and position), else the exception's. */
  public static String serverMessage(SQLException e) {
    if (e instanceof PSQLException pe && pe.getServerErrorMessage() != null) {
      return pe.getServerErrorMessage().getMessage();
    }
    return e.getMessage() == null ? "unknown error" : e.getMessage();
  }

  /**
   * A statement Postgres refused, in the gateway envelope: 503 {@code database_unavailable} for a
   * lost connection (SQLSTATE 08xxx), else 400 {@code error} with {@code prefix + message}; both
   * carry the SQLSTATE.
   */
  public static ApiException failure(SQLException e, String error, String prefix) {
    String msg = serverMessage(e);
    String state = e.getSQLState() == null ? "XX000" : e.getSQLState();
    if (state.startsWith("08")) {
      return new ApiException(503, "database_unavailable", "Database connection failed: " + msg,
          Map.of("sqlstate", state));
    }
    return new ApiException(400, error, prefix + msg, Map.of("sqlstate", state));
  }
}

package com.run402.local.runtime.db;

import com.run402.local.runtime.error.ApiException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.postgresql.util.PSQLException;

/** The JDBC chores every caller of a tenant connection shares: rolling back, and reporting failures. */
public final class Jdbc {
  private Jdbc() {}

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

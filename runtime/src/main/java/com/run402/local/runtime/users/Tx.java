package com.run402.local.runtime.users;

import com.run402.local.runtime.db.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** One control-plane transaction: commit on return, roll back on any exception. */
final class Tx {
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final DataSource admin;

  Tx(DataSource admin) {
    this.admin = admin;
  }

  <T> T run(Work<T> work) {
    try (Connection c = admin.getConnection()) {
      c.setAutoCommit(false);
      try {
        T out = work.run(c);
        c.commit();
        return out;
      } catch (SQLException | RuntimeException e) {
        Jdbc.rollbackQuietly(c);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("auth store failed: " + Jdbc.serverMessage(e), e);
    }
  }
}

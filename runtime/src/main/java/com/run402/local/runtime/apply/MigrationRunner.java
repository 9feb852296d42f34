package com.run402.local.runtime.apply;

import com.run402.local.runtime.content.ContentStore;
import com.run402.local.runtime.db.Jdbc;
import com.run402.local.runtime.db.TenantConnections;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.projects.Project;
import com.run402.local.runtime.sql.SqlBlocklist;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * Runs a release's new migrations as the project's owner role (the SQL endpoint's role), all in one
 * transaction with the schema as search path: one failure rolls every one of them back.
 */
final class MigrationRunner {
  /** A migration Postgres (or the blocklist) refused. */
  static final class Failed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String migrationId;
    final String sqlstate;

    Failed(String migrationId, String message, String sqlstate) {
      super(message);
      this.migrationId = migrationId;
      this.sqlstate = sqlstate;
    }
  }

  private final TenantConnections tenants;
  private final ContentStore content;
  private final Duration statementTimeout;

  MigrationRunner(TenantConnections tenants, ContentStore content, Duration statementTimeout) {
    this.tenants = tenants;
    this.content = content;
    this.statementTimeout = statementTimeout;
  }

  void run(Project p, List<Composed.Migration> migrations) {
    if (migrations.isEmpty()) {
      return;
    }
    String role = p.ownerRole();
    Connection c = null;
    boolean healthy = true;
    String current = null;
    try {
      c = tenants.acquire(role);
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT set_config('search_path', ?, true), set_config('statement_timeout', ?, true)")) {
        ps.setString(1, p.schemaSlot());
        ps.setString(2, Long.toString(Math.max(statementTimeout.toMillis(), 60_000)));
        ps.execute();
      }
      for (Composed.Migration m : migrations) {
        current = m.id();
        String sql = read(m);
        try {
          SqlBlocklist.check(sql);
        } catch (ApiException e) {
          throw new Failed(m.id(), "Migration " + m.id() + " failed: " + e.getMessage(), "42501");
        }
        try (Statement st = c.createStatement()) {
          st.execute(sql);
        }
      }
      c.commit();
    } catch (SQLException e) {
      healthy = Jdbc.rollbackQuietly(c);
      throw new Failed(current, "Migration " + current + " failed: " + Jdbc.serverMessage(e),
          e.getSQLState() == null ? "XX000" : e.getSQLState());
    } catch (RuntimeException e) {
      healthy = Jdbc.rollbackQuietly(c);
      throw e;
    } finally {
      tenants.release(role, c, healthy);
    }
  }

  private String read(Composed.Migration m) {
    try (InputStream in = content.open(m.sql().sha256())) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new Failed(m.id(), "Migration " + m.id() + " SQL (" + m.sql().sha256() + ") is not in the content store",
          "58P01");
    }
  }
}

package com.run402.local.runtime.expose;

import com.run402.local.runtime.db.Jdbc;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.db.Database;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.projects.Project;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Expose work in two transactions that end together: the project's DDL on a connection logged in
 * as the project's owner role (so a view filter or custom policy cannot reach another schema,
 * whatever it contains), and the control-plane row on a superuser connection, which also holds
 * the per-project lock. The tenant transaction commits first; the control-plane commit after it
 * is a single-row upsert on a local database. If it ever failed, the stored manifest would lag
 * behind, which the next apply repairs: it re-reads exposure from the catalogs as well.
 */
final class TenantTx {
  /** The work: both connections are in a transaction; throw to roll both back. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection tenant, Connection admin) throws SQLException;
  }

  private final Database db;
  private final ObjectMapper json;
  private final Duration timeout;

  TenantTx(Database db, ObjectMapper json, Duration timeout) {
    this.db = db;
    this.json = json;
    this.timeout = timeout;
  }

  <T> T run(Project p, boolean commit, Work<T> work) {
    String role = p.ownerRole();
    Connection tenant = null;
    boolean healthy = true;
    try (Connection admin = db.adminConnection()) {
      admin.setAutoCommit(false);
      try {
        tenant = db.tenants().acquire(role);
        tenant.setAutoCommit(false);
        prepare(tenant, p);
        T out = work.run(tenant, admin);
        if (commit) {
          tenant.commit();
          admin.commit();
        } else {
          tenant.rollback();
          admin.rollback();
        }
        return out;
      } catch (SQLException | RuntimeException e) {
        healthy = Jdbc.rollbackQuietly(tenant);
        admin.rollback();
        throw e;
      } finally {
        admin.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failed(e);
    } finally {
      db.tenants().release(role, tenant, healthy);
    }
  }

  /** Each statement on its own, so an error names the statement's own problem. */
  static void execute(Connection c, List<String> statements) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  private void prepare(Connection c, Project p) throws SQLException {
    ObjectNode claims = json.createObjectNode().put("role", "service_role").put("project_id", p.id());
    try (PreparedStatement ps = c.prepareStatement("SELECT set_config('search_path', ?, true), "
        + "set_config('statement_timeout', ?, true), set_config('request.jwt.claims', ?, true)")) {
      ps.setString(1, p.schemaSlot());
      ps.setString(2, Long.toString(timeout.toMillis()));
      ps.setString(3, claims.toString());
      ps.execute();
    }
  }

  /** A statement Postgres refused (a custom policy with a bad expression, a view filter ...): the caller's 400. */
  static ApiException failed(SQLException e) {
    return Jdbc.failure(e, "expose_failed", "Nothing was applied: ");
  }
}

package com.run402.local.runtime.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Connections to the emulator's database: a small superuser pool for the control plane, and
 * per-project pools that log in as the project's own role (see {@link TenantConnections}).
 */
public final class Database implements AutoCloseable {
  public static final String NAME = "run402";

  private final PostgresCluster cluster;
  private final HikariDataSource admin;
  private final TenantConnections tenants;

  public Database(PostgresCluster cluster, TenantConnections.PasswordSource passwords) {
    this.cluster = cluster;
    HikariConfig cfg = new HikariConfig();
    cfg.setPoolName("run402-admin");
    cfg.setJdbcUrl(cluster.jdbcUrl(NAME));
    cfg.setUsername(PostgresCluster.SUPERUSER);
    cfg.setPassword(cluster.superuserPassword());
    cfg.setMaximumPoolSize(8);
    cfg.setMinimumIdle(1);
    cfg.setConnectionTimeout(10_000);
    cfg.setInitializationFailTimeout(10_000);
    cfg.addDataSourceProperty("ApplicationName", "run402-local");
    this.admin = new HikariDataSource(cfg);
    this.tenants = new TenantConnections(cluster.jdbcUrl(NAME), passwords);
  }

  /** Superuser pool for the control plane. Never used to run a tenant's SQL. */
  public DataSource admin() {
    return admin;
  }

  public Connection adminConnection() throws SQLException {
    return admin.getConnection();
  }

  /** True when PostgreSQL answers a trivial query within a second ({@code GET /health}). */
  public boolean healthy() {
    try (Connection c = adminConnection(); java.sql.Statement s = c.createStatement()) {
      s.setQueryTimeout(1);
      return s.execute("SELECT 1");
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  public TenantConnections tenants() {
    return tenants;
  }

  public PostgresCluster cluster() {
    return cluster;
  }

  @Override
  public void close() {
    tenants.close();
    admin.close();
  }
}

package com.run402.local.runtime.restproject;

import com.run402.local.runtime.db.TenantConnections;
import com.run402.local.runtime.rest.RestOptions;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Connections logged in as the project's owner role. The engine SET ROLEs to the request's role
 * inside each transaction; the owner can only become its own project's roles, so isolation holds
 * whatever the engine does.
 */
final class TenantSource implements RestOptions.ConnectionSource {
  private final TenantConnections tenants;
  private final String loginRole;

  TenantSource(TenantConnections tenants, String loginRole) {
    this.tenants = tenants;
    this.loginRole = loginRole;
  }

  @Override
  public Connection acquire() throws SQLException {
    return tenants.acquireCaching(loginRole);
  }

  @Override
  public void release(Connection c, boolean healthy) {
    tenants.releaseCaching(loginRole, c, healthy);
  }
}

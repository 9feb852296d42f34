package com.run402.local.runtime.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections that log in as a project's own role. This, not a string check, is what isolates
 * tenants: a session authenticated as {@code p0001_owner} cannot RESET ROLE or SET ROLE into
 * anything but its own project's roles, whatever SQL it runs. A small idle pool per role keeps
 * round trips cheap; idle connections are discarded after a while and on project deletion.
 */
public final class TenantConnections implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TenantConnections.class);
  private static final int MAX_IDLE_PER_ROLE = 16;
  private static final long MAX_IDLE_MILLIS = 60_000;

  /** Supplies the password of a tenant login role. */
  @FunctionalInterface
  public interface PasswordSource {
    String passwordFor(String role);
  }

  private record Idle(Connection connection, long since) {}

  private final String jdbcUrl;
  private final PasswordSource passwords;
  private final Map<String, Deque<Idle>> idle = new ConcurrentHashMap<>();

  TenantConnections(String jdbcUrl, PasswordSource passwords) {
    this.jdbcUrl = jdbcUrl;
    this.passwords = passwords;
  }

  /** A connection logged in as {@code role}; give it back with {@link #release}. */
  public Connection acquire(String role) throws SQLException {
    Deque<Idle> q = idle.computeIfAbsent(role, r -> new ArrayDeque<>());
    long now = System.currentTimeMillis();
    while (true) {
      Idle i;
      synchronized (q) {
        i = q.pollFirst();
      }
      if (i == null) {
        return open(role);
      }
      if (now - i.since() < MAX_IDLE_MILLIS && !i.connection().isClosed()) {
        return i.connection();
      }
      closeQuietly(i.connection());
    }
  }

  /** Returns a connection to the pool, cleaned of all session state, or closes it. */
  public void release(String role, Connection c, boolean healthy) {
    release(role, c, healthy, true);
  }

  /**
   * As {@link #release(String, Connection, boolean)}; {@code discard=false} skips DISCARD ALL for
   * callers that only ever set transaction-local state (the REST engine's set_config(..., true)),
   * as PostgREST's own pool does, saving a round trip per request.
   */
  public void release(String role, Connection c, boolean healthy, boolean discard) {
    if (c == null) {
      return;
    }
    try {
      if (!healthy || c.isClosed()) {
        closeQuietly(c);
        return;
      }
      if (!c.getAutoCommit()) {
        c.rollback();
        c.setAutoCommit(true);
      }
      if (discard) {
        try (Statement s = c.createStatement()) {
          s.execute("DISCARD ALL");
        }
      }
      Deque<Idle> q = idle.computeIfAbsent(role, r -> new ArrayDeque<>());
      synchronized (q) {
        if (q.size() < MAX_IDLE_PER_ROLE) {
          q.addFirst(new Idle(c, System.currentTimeMillis()));
          return;
        }
      }
      closeQuietly(c);
    } catch (SQLException e) {
      closeQuietly(c);
    }
  }

  /** Closes every idle connection of a role (before the role is dropped). */
  public void evict(String role) {
    Deque<Idle> q = idle.remove(role);
    if (q != null) {
      synchronized (q) {
        q.forEach(i -> closeQuietly(i.connection()));
        q.clear();
      }
    }
  }

  private Connection open(String role) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", role);
    p.setProperty("password", passwords.passwordFor(role));
    p.setProperty("ApplicationName", "run402-tenant");
    p.setProperty("connectTimeout", "10");
    // No server-side prepared statements: DISCARD ALL on release would invalidate them.
    p.setProperty("prepareThreshold", "0");
    return DriverManager.getConnection(jdbcUrl, p);
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      LOG.debug("closing tenant connection: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    idle.keySet().forEach(this::evict);
  }
}

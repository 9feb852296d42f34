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
 *
 * <p>Two kinds per role, pooled apart. Plain connections run arbitrary SQL (the SQL endpoint,
 * migrations) and are cleaned with DISCARD ALL on release, so they keep no server-side prepared
 * statements. Caching connections serve only the REST engine, whose session state is all
 * transaction-local: they skip DISCARD ALL and let pgjdbc keep server-side prepared statements, so a
 * repeated REST query is parsed and planned once per connection, as PostgREST's prepared statements are.
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
  private static final String CACHING = "\u0000caching";

  TenantConnections(String jdbcUrl, PasswordSource passwords) {
    this.jdbcUrl = jdbcUrl;
    this.passwords = passwords;
  }

  /** A connection logged in as {@code role}; give it back with {@link #release}. */
  public Connection acquire(String role) throws SQLException {
    return take(role, role, false);
  }

  /** A caching connection logged in as {@code role}; give it back with {@link #releaseCaching}. */
  public Connection acquireCaching(String role) throws SQLException {
    return take(role + CACHING, role, true);
  }

  private Connection take(String key, String role, boolean caching) throws SQLException {
    Deque<Idle> q = idle.computeIfAbsent(key, r -> new ArrayDeque<>());
    long now = System.currentTimeMillis();
    while (true) {
      Idle i;
      synchronized (q) {
        i = q.pollFirst();
      }
      if (i == null) {
        return open(role, caching);
      }
      if (now - i.since() < MAX_IDLE_MILLIS && !i.connection().isClosed()) {
        return i.connection();
      }
      closeQuietly(i.connection());
    }
  }

  /** Returns a connection to the pool, cleaned of all session state, or closes it. */
  public void release(String role, Connection c, boolean healthy) {
    put(role, c, healthy, true);
  }

  /** Returns a caching connection to the pool as it is (its callers only set transaction-local state). */
  public void releaseCaching(String role, Connection c, boolean healthy) {
    put(role + CACHING, c, healthy, false);
  }

  private void put(String key, Connection c, boolean healthy, boolean discard) {
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
      Deque<Idle> q = idle.computeIfAbsent(key, r -> new ArrayDeque<>());
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
    drop(role);
    drop(role + CACHING);
  }

  private void drop(String key) {
    Deque<Idle> q = idle.remove(key);
    if (q != null) {
      synchronized (q) {
        q.forEach(i -> closeQuietly(i.connection()));
        q.clear();
      }
    }
  }

  private Connection open(String role, boolean caching) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", role);
    p.setProperty("password", passwords.passwordFor(role));
    p.setProperty("ApplicationName", "run402-tenant");
    p.setProperty("connectTimeout", "10");
    // Plain connections: no server-side prepared statements, DISCARD ALL on release would drop them.
    // Caching ones: pgjdbc's default (server-prepare a statement text from its 5th run).
    p.setProperty("prepareThreshold", caching ? "5" : "0");
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
    idle.keySet().forEach(this::drop);
  }
}

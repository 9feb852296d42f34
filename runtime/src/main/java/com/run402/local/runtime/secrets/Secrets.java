package com.run402.local.runtime.secrets;

import com.run402.local.runtime.db.Jdbc;
import com.run402.local.runtime.error.ApiException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Project secrets (api-contract 2.4): keys {@code ^[A-Z_][A-Z0-9_]{0,127}$}, values up to 4 KiB of
 * UTF-8. Values are stored for the function runner and never returned; listings carry a value hash.
 */
public final class Secrets {
  public record Entry(String key, String valueHash, Instant createdAt, Instant updatedAt) {}

  private static final int MAX_VALUE_BYTES = 4096;
  private final DataSource ds;
  private final Clock clock;
  private final java.util.List<java.util.function.Consumer<String>> listeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  public Secrets(DataSource ds, Clock clock) {
    this.ds = ds;
    this.clock = clock;
  }

  public void set(String projectId, String key, String value) {
    if (key == null || !key.matches("[A-Z_][A-Z0-9_]{0,127}")) {
      throw ApiException.badRequest("invalid_secret_key", "Secret key must match ^[A-Z_][A-Z0-9_]{0,127}$");
    }
    if (value == null || value.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
      throw ApiException.badRequest("invalid_secret_value", "Secret value must be a string of at most 4 KiB");
    }
    Instant now = clock.instant();
    try {
      Jdbc.update(ds, "INSERT INTO internal.project_secrets (project_id, key, value, value_hash, created_at, updated_at) "
          + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, key) DO UPDATE SET value = EXCLUDED.value, "
          + "value_hash = EXCLUDED.value_hash, updated_at = EXCLUDED.updated_at", projectId, key, value,
          com.run402.local.runtime.s3.SigV4.sha256Hex(value), Timestamp.from(now), Timestamp.from(now));
    } catch (SQLException e) {
      throw new IllegalStateException("secret write failed: " + e.getMessage(), e);
    }
    changed(projectId);
  }

  /** Runs {@code l} with the project id after every set or delete (the function runner caches values). */
  public void onChange(java.util.function.Consumer<String> l) {
    listeners.add(l);
  }

  private void changed(String projectId) {
    listeners.forEach(l -> l.accept(projectId));
  }

  public List<Entry> list(String projectId) {
    try {
      return Jdbc.query(ds, "SELECT key, value_hash, created_at, updated_at FROM internal.project_secrets "
          + "WHERE project_id = ? ORDER BY key", rs -> new Entry(rs.getString(1), rs.getString(2),
          rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant()), projectId);
    } catch (SQLException e) {
      throw new IllegalStateException("secret list failed: " + e.getMessage(), e);
    }
  }

  public Set<String> keys(String projectId) {
    Set<String> out = new TreeSet<>();
    list(projectId).forEach(e -> out.add(e.key()));
    return out;
  }

  /** True when the key existed. */
  public boolean delete(String projectId, String key) {
    try {
      boolean gone = Jdbc.update(ds, "DELETE FROM internal.project_secrets WHERE project_id = ? AND key = ?",
          projectId, key) > 0;
      changed(projectId);
      return gone;
    } catch (SQLException e) {
      throw new IllegalStateException("secret delete failed: " + e.getMessage(), e);
    }
  }

  /** Every key with its value, for the function runner only (never for an HTTP answer). */
  public java.util.Map<String, String> values(String projectId) {
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    try {
      Jdbc.query(ds, "SELECT key, value FROM internal.project_secrets WHERE project_id = ?",
          rs -> out.put(rs.getString(1), rs.getString(2)), projectId);
    } catch (SQLException e) {
      throw new IllegalStateException("secret read failed: " + e.getMessage(), e);
    }
    return out;
  }
}

package com.run402.local.runtime.projects;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Rows of internal.projects and internal.project_keys, with an in-memory cache of projects and their
 * live key ids (keys are checked on every authenticated request). Every write goes through here and
 * keeps the cache exact.
 */
final class ProjectStore {
  private static final String COLUMNS =
      "id, public_id, name, schema_slot, tier, status, wallet_address, created_at, updated_at";

  private record Cached(Project project, Set<String> keyIds) {}

  private final DataSource ds;
  private final ConcurrentHashMap<String, Optional<Cached>> cache = new ConcurrentHashMap<>();

  ProjectStore(DataSource ds) {
    this.ds = ds;
  }

  Optional<Project> find(String id) {
    return cached(id).map(Cached::project);
  }

  boolean keyIsLive(String projectId, String keyId) {
    return cached(projectId).map(c -> c.keyIds().contains(keyId)).orElse(false);
  }

  /** A stored key row: its id and creation time (the key's iat). */
  record KeyRow(String keyId, Instant createdAt) {}

  Optional<KeyRow> liveKey(String projectId, String role) {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT key_id, created_at "
        + "FROM internal.project_keys WHERE project_id = ? AND role = ? AND revoked_at IS NULL ORDER BY created_at DESC LIMIT 1")) {
      ps.setString(1, projectId);
      ps.setString(2, role);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new KeyRow(rs.getString(1), rs.getTimestamp(2).toInstant())) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("key lookup failed: " + e.getMessage(), e);
    }
  }

  void insert(Connection c, Project p, List<ProjectKeys.Minted> keys) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO internal.projects (" + COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, p.id());
      ps.setString(2, p.publicId());
      ps.setString(3, p.name());
      ps.setString(4, p.schemaSlot());
      ps.setString(5, p.tier());
      ps.setString(6, p.status());
      ps.setString(7, p.walletAddress());
      ps.setTimestamp(8, Timestamp.from(p.createdAt()));
      ps.setTimestamp(9, Timestamp.from(p.updatedAt()));
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO internal.project_keys (key_id, project_id, role, created_at) VALUES (?, ?, ?, ?)")) {
      for (ProjectKeys.Minted k : keys) {
        ps.setString(1, k.keyId());
        ps.setString(2, p.id());
        ps.setString(3, k.role());
        ps.setTimestamp(4, Timestamp.from(p.createdAt()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO internal.usage_counters (project_id) VALUES (?)")) {
      ps.setString(1, p.id());
      ps.executeUpdate();
    }
  }

  void rename(String id, String name, Instant now) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("UPDATE internal.projects SET name = ?, updated_at = ? WHERE id = ?")) {
      ps.setString(1, name);
      ps.setTimestamp(2, Timestamp.from(now));
      ps.setString(3, id);
      ps.executeUpdate();
    }
    cache.remove(id);
  }

  void delete(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM internal.projects WHERE id = ?")) {
      ps.setString(1, id);
      ps.executeUpdate();
    }
  }

  void forget(String id) {
    cache.remove(id);
  }

  void forgetAll() {
    cache.clear();
  }

  List<Project> listByWallet(String wallet, int limit, Instant before) throws SQLException {
    return query("SELECT " + COLUMNS + " FROM internal.projects WHERE wallet_address = ? AND created_at < ?"
        + " ORDER BY created_at DESC, id DESC LIMIT ?", ps -> {
          ps.setString(1, wallet);
          ps.setTimestamp(2, Timestamp.from(before));
          ps.setInt(3, limit);
        });
  }

  List<Project> all() throws SQLException {
    return query("SELECT " + COLUMNS + " FROM internal.projects ORDER BY created_at", ps -> {});
  }

  private Optional<Cached> cached(String id) {
    Optional<Cached> hit = cache.get(id);
    if (hit != null) {
      return hit;
    }
    Optional<Cached> loaded = load(id);
    if (loaded.isPresent()) {
      cache.put(id, loaded);
    }
    return loaded;
  }

  private Optional<Cached> load(String id) {
    try {
      List<Project> ps = query("SELECT " + COLUMNS + " FROM internal.projects WHERE id = ?", s -> s.setString(1, id));
      if (ps.isEmpty()) {
        return Optional.empty();
      }
      Set<String> keys = ConcurrentHashMap.newKeySet();
      try (Connection c = ds.getConnection();
          PreparedStatement st = c.prepareStatement(
              "SELECT key_id FROM internal.project_keys WHERE project_id = ? AND revoked_at IS NULL")) {
        st.setString(1, id);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            keys.add(rs.getString(1));
          }
        }
      }
      return Optional.of(new Cached(ps.get(0), keys));
    } catch (SQLException e) {
      throw new IllegalStateException("control plane unavailable: " + e.getMessage(), e);
    }
  }

  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private List<Project> query(String sql, Binder binder) throws SQLException {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        List<Project> out = new ArrayList<>();
        while (rs.next()) {
          out.add(ROW.apply(rs));
        }
        return out;
      }
    }
  }

  private static final Function<ResultSet, Project> ROW = rs -> {
    try {
      return new Project(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
          rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(), rs.getTimestamp(9).toInstant());
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  };
}

package com.run402.local.runtime.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Plans, operations, events and releases of the apply pipeline (tables of V007__apply.sql). */
final class ApplyStore {
  record Plan(String id, String projectId, String operationId, JsonNode spec, String baseReleaseId,
      String manifestDigest, Instant committedAt, Instant expiresAt, Instant createdAt) {}

  record Operation(String id, String projectId, String planId, String status, String baseReleaseId,
      String targetReleaseId, String releaseId, JsonNode error, int activateAttempts, Instant lastActivateAttemptAt,
      Instant createdAt, Instant updatedAt) {}

  record Release(String id, String projectId, ObjectNode manifest, String manifestDigest, String operationId,
      int siteFiles, long siteBytes, Instant createdAt) {}

  private final DataSource ds;
  private final ObjectMapper json;

  ApplyStore(DataSource ds, ObjectMapper json) {
    this.ds = ds;
    this.json = json;
  }

  DataSource ds() {
    return ds;
  }

  void insertPlan(Plan p) {
    exec("INSERT INTO internal.apply_plans (id, project_id, operation_id, spec, base_release_id, manifest_digest, "
        + "expires_at, created_at) VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?)", p.id(), p.projectId(), p.operationId(),
        p.spec().toString(), p.baseReleaseId(), p.manifestDigest(), ts(p.expiresAt()), ts(p.createdAt()));
    exec("INSERT INTO internal.apply_operations (id, project_id, plan_id, status, base_release_id, created_at, "
        + "updated_at) VALUES (?, ?, ?, 'planned', ?, ?, ?)", p.operationId(), p.projectId(), p.id(),
        p.baseReleaseId(), ts(p.createdAt()), ts(p.createdAt()));
  }

  Optional<Plan> plan(String id) {
    return one("SELECT id, project_id, operation_id, spec::text, base_release_id, manifest_digest, committed_at, "
        + "expires_at, created_at FROM internal.apply_plans WHERE id = ?", rs -> new Plan(rs.getString(1),
        rs.getString(2), rs.getString(3), tree(rs.getString(4)), rs.getString(5), rs.getString(6), inst(rs, 7),
        inst(rs, 8), inst(rs, 9)), id);
  }

  /** Marks the plan committed; false when it already was (a second commit). */
  boolean markCommitted(String planId, Instant now) {
    return exec("UPDATE internal.apply_plans SET committed_at = ? WHERE id = ? AND committed_at IS NULL",
        ts(now), planId) == 1;
  }

  private static final String OP_COLUMNS = "id, project_id, plan_id, status, base_release_id, target_release_id, "
      + "release_id, error::text, activate_attempts, last_activate_attempt_at, created_at, updated_at";

  Optional<Operation> operation(String id) {
    return one("SELECT " + OP_COLUMNS + " FROM internal.apply_operations WHERE id = ?", this::op, id);
  }

  /** Newest first; {@code after} is the created_at/id cursor of the last row seen. */
  List<Operation> operations(String projectId, int limit, String afterId) {
    if (afterId == null) {
      return many("SELECT " + OP_COLUMNS + " FROM internal.apply_operations WHERE project_id = ? "
          + "ORDER BY created_at DESC, id DESC LIMIT ?", this::op, projectId, limit);
    }
    return many("SELECT " + OP_COLUMNS + " FROM internal.apply_operations o WHERE project_id = ? AND "
        + "(created_at, id) < (SELECT created_at, id FROM internal.apply_operations WHERE id = ?) "
        + "ORDER BY created_at DESC, id DESC LIMIT ?", this::op, projectId, afterId, limit);
  }

  void setStatus(String opId, String status, Instant now) {
    exec("UPDATE internal.apply_operations SET status = ?, updated_at = ? WHERE id = ?", status, ts(now), opId);
  }

  void activateAttempt(String opId, String targetReleaseId, Instant now) {
    exec("UPDATE internal.apply_operations SET status = 'activating', target_release_id = ?, "
        + "activate_attempts = activate_attempts + 1, last_activate_attempt_at = ?, updated_at = ? WHERE id = ?",
        targetReleaseId, ts(now), ts(now), opId);
  }

  void finish(String opId, String status, String releaseId, JsonNode error, Instant now) {
    exec("UPDATE internal.apply_operations SET status = ?, release_id = ?, error = ?::jsonb, updated_at = ? "
        + "WHERE id = ?", status, releaseId, error == null ? null : error.toString(), ts(now), opId);
  }

  void event(String opId, String type, JsonNode payload, Instant now) {
    exec("INSERT INTO internal.apply_events (operation_id, type, payload, created_at) VALUES (?, ?, ?::jsonb, ?)",
        opId, type, payload.toString(), ts(now));
  }

  record Event(long id, String type, JsonNode payload, Instant at) {}

  List<Event> events(String opId, long after, int limit) {
    return many("SELECT id, type, payload::text, created_at FROM internal.apply_events WHERE operation_id = ? "
        + "AND id > ? ORDER BY id LIMIT ?", rs -> new Event(rs.getLong(1), rs.getString(2), tree(rs.getString(3)),
        inst(rs, 4)), opId, after, limit);
  }

  private static final String REL_COLUMNS = "id, project_id, manifest::text, manifest_digest, operation_id, "
      + "site_files, site_bytes, created_at";

  Optional<Release> release(String id) {
    return one("SELECT " + REL_COLUMNS + " FROM internal.releases WHERE id = ?", this::rel, id);
  }

  Optional<Release> active(String projectId) {
    return one("SELECT r." + REL_COLUMNS.replace(", ", ", r.") + " FROM internal.active_releases a "
        + "JOIN internal.releases r ON r.id = a.release_id WHERE a.project_id = ?", this::rel, projectId);
  }

  Optional<String> activeId(String projectId) {
    return one("SELECT release_id FROM internal.active_releases WHERE project_id = ?", rs -> rs.getString(1),
        projectId);
  }

  /** Latest legacy deployment or release of a project (inherit). */
  Optional<Release> latest(String projectId) {
    return one("SELECT " + REL_COLUMNS + " FROM internal.releases WHERE project_id = ? "
        + "ORDER BY created_at DESC, id DESC LIMIT 1", this::rel, projectId);
  }

  record Applied(String id, String checksum, Instant at) {}

  List<Applied> appliedMigrations(String projectId) {
    return many("SELECT migration_id, checksum, applied_at FROM internal.applied_migrations WHERE project_id = ? "
        + "ORDER BY applied_at, migration_id", rs -> new Applied(rs.getString(1), rs.getString(2), inst(rs, 3)),
        projectId);
  }

  /** Whether any release, plan or content plan names this digest (content store gc). */
  boolean references(String sha256) {
    return one("SELECT 1 FROM internal.releases WHERE manifest::text LIKE ? LIMIT 1", rs -> true,
        "%" + sha256 + "%").isPresent()
        || one("SELECT 1 FROM internal.apply_plans WHERE committed_at IS NULL AND spec::text LIKE ? LIMIT 1",
            rs -> true, "%" + sha256 + "%").isPresent();
  }

  private Operation op(ResultSet rs) throws SQLException {
    return new Operation(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getString(8) == null ? null : tree(rs.getString(8)), rs.getInt(9),
        inst(rs, 10), inst(rs, 11), inst(rs, 12));
  }

  private Release rel(ResultSet rs) throws SQLException {
    return new Release(rs.getString(1), rs.getString(2), (ObjectNode) tree(rs.getString(3)), rs.getString(4),
        rs.getString(5), rs.getInt(6), rs.getLong(7), inst(rs, 8));
  }

  JsonNode tree(String s) {
    try {
      return json.readTree(s);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("stored JSON is unreadable: " + e.getMessage(), e);
    }
  }

  static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }

  static Instant inst(ResultSet rs, int col) throws SQLException {
    Timestamp t = rs.getTimestamp(col);
    return t == null ? null : t.toInstant();
  }

  int exec(String sql, Object... args) {
    try {
      return Jdbc.update(ds, sql, args);
    } catch (SQLException e) {
      throw new IllegalStateException("apply store: " + e.getMessage(), e);
    }
  }

  <T> List<T> many(String sql, Jdbc.Row<T> row, Object... args) {
    try {
      return Jdbc.query(ds, sql, row, args);
    } catch (SQLException e) {
      throw new IllegalStateException("apply store: " + e.getMessage(), e);
    }
  }

  <T> Optional<T> one(String sql, Jdbc.Row<T> row, Object... args) {
    return many(sql, row, args).stream().findFirst();
  }

  static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
  }

  /** Inserts the release and makes it the live one, in one transaction with {@code alsoInTx}. */
  void insertAndActivate(Release r, Instant now, TxStep alsoInTx) throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO internal.releases (id, project_id, manifest, "
            + "manifest_digest, operation_id, site_files, site_bytes, created_at) VALUES (?, ?, ?::jsonb, ?, ?, ?, ?, ?)")) {
          bind(ps, r.id(), r.projectId(), r.manifest().toString(), r.manifestDigest(), r.operationId(), r.siteFiles(),
              r.siteBytes(), ts(r.createdAt()));
          ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO internal.active_releases (project_id, release_id, "
            + "activated_at) VALUES (?, ?, ?) ON CONFLICT (project_id) DO UPDATE SET release_id = EXCLUDED.release_id, "
            + "activated_at = EXCLUDED.activated_at")) {
          bind(ps, r.projectId(), r.id(), ts(now));
          ps.executeUpdate();
        }
        alsoInTx.run(c);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  @FunctionalInterface
  interface TxStep {
    void run(Connection c) throws SQLException;
  }
}

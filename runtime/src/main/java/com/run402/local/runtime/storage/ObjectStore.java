package com.run402.local.runtime.storage;

import com.run402.local.runtime.content.ContentRef;
import com.run402.local.runtime.content.ContentStore;
import com.run402.local.runtime.db.Jdbc;
import com.run402.local.runtime.usage.UsageMeter;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Project objects (table internal.storage_objects) over the {@link ContentStore}: a write streams the
 * bytes into the content store first, then points the key at their digest in one statement, so a
 * reader sees either the old or the new object, never a partial one. Stored bytes are metered per
 * project as the size of the live objects (a write adds the new size less the replaced one, a
 * delete subtracts): production's documented intent, not its ever-growing counter (legacy-gateway 8.6).
 */
public final class ObjectStore {
  private static final String COLUMNS = "project_id, namespace, key, sha256, size_bytes, content_type, visibility, "
      + "immutable, metadata::text, created_at, updated_at";

  private final DataSource ds;
  private final ContentStore content;
  private final UsageMeter usage;
  private final Clock clock;

  public ObjectStore(DataSource ds, ContentStore content, UsageMeter usage, Clock clock) {
    this.ds = ds;
    this.content = content;
    this.usage = usage;
    this.clock = clock;
  }

  public ContentStore content() {
    return content;
  }

  /** Streams {@code body} into the content store and binds the key to it (replacing an older object). */
  public StoredObject put(String projectId, PutRequest req, InputStream body) {
    ObjectKeys.check(req.key());
    ContentRef ref = content.put(body, req.expectedSize(), req.expectedSha256(), req.maxBytes());
    return bind(projectId, req, ref);
  }

  /** Binds a key to content already in the content store (multipart completion, asset plans). */
  public StoredObject bind(String projectId, PutRequest req, ContentRef ref) {
    ObjectKeys.check(req.key());
    Instant now = clock.instant();
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        long old = 0;
        Instant created = now;
        try (PreparedStatement ps = c.prepareStatement("SELECT size_bytes, created_at, sha256, content_type, "
            + "visibility, immutable, updated_at FROM internal.storage_objects "
            + "WHERE project_id = ? AND namespace = ? AND key = ? FOR UPDATE")) {
          ps.setString(1, projectId);
          ps.setString(2, req.namespace());
          ps.setString(3, req.key());
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
              old = rs.getLong(1);
              created = rs.getTimestamp(2).toInstant();
              if (StoredObject.BLOBS.equals(req.namespace()) && rs.getBoolean(6) && "public".equals(rs.getString(5))
                  && !rs.getString(3).equals(ref.sha256())) {
                keepVersion(c, projectId, req.key(), rs.getString(3), old, rs.getString(4), rs.getTimestamp(7));
              }
            }
          }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO internal.storage_objects (project_id, namespace, "
            + "key, sha256, size_bytes, content_type, visibility, immutable, metadata, created_at, updated_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?) ON CONFLICT (project_id, namespace, key) DO UPDATE SET "
            + "sha256 = EXCLUDED.sha256, size_bytes = EXCLUDED.size_bytes, content_type = EXCLUDED.content_type, "
            + "visibility = EXCLUDED.visibility, immutable = EXCLUDED.immutable, metadata = EXCLUDED.metadata, "
            + "updated_at = EXCLUDED.updated_at")) {
          ps.setString(1, projectId);
          ps.setString(2, req.namespace());
          ps.setString(3, req.key());
          ps.setString(4, ref.sha256());
          ps.setLong(5, ref.size());
          ps.setString(6, req.contentType());
          ps.setString(7, req.visibility());
          ps.setBoolean(8, req.immutable());
          ps.setString(9, req.metadataJson());
          ps.setTimestamp(10, Timestamp.from(created));
          ps.setTimestamp(11, Timestamp.from(now));
          ps.executeUpdate();
        }
        c.commit();
        usage.addStorage(projectId, ref.size() - old);
        return new StoredObject(projectId, req.namespace(), req.key(), ref.sha256(), ref.size(), req.contentType(),
            req.visibility(), req.immutable(), req.metadataJson(), created, now);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("storage write failed: " + e.getMessage(), e);
    }
  }

  /** An overwritten immutable public asset stays reachable by its immutable URL (migration V014). */
  private static void keepVersion(Connection c, String projectId, String key, String sha, long size, String type,
      Timestamp at) throws SQLException {
    Jdbc.update(c, "INSERT INTO internal.immutable_versions (project_id, key, sha256, size_bytes, content_type, "
        + "created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", projectId, key, sha, size, type, at);
  }

  /** An earlier version of an immutable public asset, as its immutable URL names it. */
  public Optional<StoredObject> immutableVersion(String projectId, String key, String sha256) {
    try {
      return Jdbc.query(ds, "SELECT size_bytes, content_type, created_at FROM internal.immutable_versions "
          + "WHERE project_id = ? AND key = ? AND sha256 = ?", rs -> new StoredObject(projectId, StoredObject.BLOBS, key,
          sha256, rs.getLong(1), rs.getString(2), "public", true, null, rs.getTimestamp(3).toInstant(),
          rs.getTimestamp(3).toInstant()), projectId, key, sha256).stream().findFirst();
    } catch (SQLException e) {
      throw new IllegalStateException("storage read failed: " + e.getMessage(), e);
    }
  }

  public Optional<StoredObject> find(String projectId, String namespace, String key) {
    List<StoredObject> rows = query("SELECT " + COLUMNS + " FROM internal.storage_objects "
        + "WHERE project_id = ? AND namespace = ? AND key = ?", projectId, namespace, key);
    return rows.stream().findFirst();
  }

  /** Deletes a key (and the earlier versions its immutable URLs name); true when it existed. Bytes stay until a gc. */
  public boolean delete(String projectId, String namespace, String key) {
    if (StoredObject.BLOBS.equals(namespace)) {
      try {
        Jdbc.update(ds, "DELETE FROM internal.immutable_versions WHERE project_id = ? AND key = ?", projectId, key);
      } catch (SQLException e) {
        throw new IllegalStateException("storage delete failed: " + e.getMessage(), e);
      }
    }
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
        "DELETE FROM internal.storage_objects WHERE project_id = ? AND namespace = ? AND key = ? RETURNING size_bytes")) {
      ps.setString(1, projectId);
      ps.setString(2, namespace);
      ps.setString(3, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return false;
        }
        usage.addStorage(projectId, -rs.getLong(1));
        return true;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("storage delete failed: " + e.getMessage(), e);
    }
  }

  /** One keyset page (see {@link ListQuery}). */
  public List<StoredObject> list(String projectId, ListQuery q) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM internal.storage_objects "
        + "WHERE project_id = ? AND namespace = ? AND starts_with(key, ?)");
    List<Object> args = new ArrayList<>(List.of(projectId, q.namespace(), q.prefix()));
    switch (q.sort()) {
      case KEY_ASC -> {
        if (q.afterKey() != null) {
          sql.append(" AND key > ?");
          args.add(q.afterKey());
        }
        sql.append(" ORDER BY key");
      }
      case CREATED_ASC -> {
        if (q.afterKey() != null && q.afterCreated() != null) {
          sql.append(" AND (created_at, key) > (?, ?)");
          args.add(Timestamp.from(q.afterCreated()));
          args.add(q.afterKey());
        }
        sql.append(" ORDER BY created_at, key");
      }
      case CREATED_DESC -> {
        if (q.afterKey() != null && q.afterCreated() != null) {
          sql.append(" AND (created_at, key) < (?, ?)");
          args.add(Timestamp.from(q.afterCreated()));
          args.add(q.afterKey());
        }
        sql.append(" ORDER BY created_at DESC, key DESC");
      }
      default -> throw new IllegalStateException();
    }
    sql.append(" LIMIT ?");
    args.add(q.limit());
    return query(sql.toString(), args.toArray());
  }

  /** True when some object (or pending multipart part) still points at a content. */
  public boolean references(String sha256) {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT EXISTS (SELECT 1 FROM internal.storage_objects WHERE sha256 = ?) "
            + "OR EXISTS (SELECT 1 FROM internal.s3_upload_parts WHERE sha256 = ?) "
            + "OR EXISTS (SELECT 1 FROM internal.immutable_versions WHERE sha256 = ?)")) {
      ps.setString(1, sha256);
      ps.setString(2, sha256);
      ps.setString(3, sha256);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    } catch (SQLException e) {
      return true; // when in doubt, keep the bytes
    }
  }

  private List<StoredObject> query(String sql, Object... args) {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      List<StoredObject> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new StoredObject(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
              rs.getString(6), rs.getString(7), rs.getBoolean(8), rs.getString(9),
              rs.getTimestamp(10).toInstant(), rs.getTimestamp(11).toInstant()));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("storage read failed: " + e.getMessage(), e);
    }
  }
}

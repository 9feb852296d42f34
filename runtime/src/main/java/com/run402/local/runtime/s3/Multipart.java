package com.run402.local.runtime.s3;

import com.run402.local.runtime.content.ContentRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Multipart uploads in progress (internal.s3_uploads / s3_upload_parts); parts' bytes are in the content store. */
final class Multipart {
  record Upload(String uploadId, String projectId, String key, String contentType) {}

  record Part(int number, String sha256, long size) {}

  private final DataSource ds;

  Multipart(DataSource ds) {
    this.ds = ds;
  }

  Upload create(String projectId, String key, String contentType, Instant now) {
    String id = UUID.randomUUID().toString().replace("-", "");
    update("INSERT INTO internal.s3_uploads (upload_id, project_id, key, content_type, created_at) VALUES (?, ?, ?, ?, ?)",
        id, projectId, key, contentType, Timestamp.from(now));
    return new Upload(id, projectId, key, contentType);
  }

  Optional<Upload> find(String uploadId, String projectId, String key) {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT content_type FROM "
        + "internal.s3_uploads WHERE upload_id = ? AND project_id = ? AND key = ?")) {
      ps.setString(1, uploadId);
      ps.setString(2, projectId);
      ps.setString(3, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new Upload(uploadId, projectId, key, rs.getString(1))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("multipart lookup failed: " + e.getMessage(), e);
    }
  }

  /** Uploads in progress of a project whose key starts with {@code prefix}, oldest first. */
  List<Upload> list(String projectId, String prefix) {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT upload_id, key, "
        + "content_type FROM internal.s3_uploads WHERE project_id = ? AND starts_with(key, ?) "
        + "ORDER BY key, created_at LIMIT 1000")) {
      ps.setString(1, projectId);
      ps.setString(2, prefix);
      List<Upload> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Upload(rs.getString(1), projectId, rs.getString(2), rs.getString(3)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("multipart lookup failed: " + e.getMessage(), e);
    }
  }

  void putPart(String uploadId, int number, ContentRef ref) {
    update("INSERT INTO internal.s3_upload_parts (upload_id, part_number, sha256, size_bytes) VALUES (?, ?, ?, ?) "
        + "ON CONFLICT (upload_id, part_number) DO UPDATE SET sha256 = EXCLUDED.sha256, size_bytes = EXCLUDED.size_bytes",
        uploadId, number, ref.sha256(), ref.size());
  }

  List<Part> parts(String uploadId) {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT part_number, sha256, "
        + "size_bytes FROM internal.s3_upload_parts WHERE upload_id = ? ORDER BY part_number")) {
      ps.setString(1, uploadId);
      List<Part> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Part(rs.getInt(1), rs.getString(2), rs.getLong(3)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("multipart lookup failed: " + e.getMessage(), e);
    }
  }

  void delete(String uploadId) {
    update("DELETE FROM internal.s3_uploads WHERE upload_id = ?", uploadId);
  }

  private void update(String sql, Object... args) {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("multipart update failed: " + e.getMessage(), e);
    }
  }
}

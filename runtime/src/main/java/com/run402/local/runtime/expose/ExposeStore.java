package com.run402.local.runtime.expose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** {@code internal.expose_manifests}: the last manifest applied to each project (superuser connection). */
final class ExposeStore {
  record Stored(ExposeManifest manifest, String fingerprint) {}

  private final ObjectMapper json;

  ExposeStore(ObjectMapper json) {
    this.json = json;
  }

  /** Serialises applies (and legacy RLS calls) of one project until the caller's transaction ends. */
  void lock(Connection admin, String projectId) throws SQLException {
    try (PreparedStatement ps = admin.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 402))")) {
      ps.setString(1, "run402.expose:" + projectId);
      ps.execute();
    }
  }

  Optional<Stored> find(Connection admin, String projectId) throws SQLException {
    try (PreparedStatement ps = admin.prepareStatement(
        "SELECT manifest::text, fingerprint FROM internal.expose_manifests WHERE project_id = ?")) {
      ps.setString(1, projectId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new Stored(json.readValue(rs.getString(1), ExposeManifest.class), rs.getString(2)));
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored manifest of " + projectId + " is unreadable", e);
    }
  }

  void save(Connection admin, String projectId, ExposeManifest m, String fingerprint) throws SQLException {
    try (PreparedStatement ps = admin.prepareStatement("INSERT INTO internal.expose_manifests "
        + "(project_id, manifest, fingerprint, applied_at) VALUES (?, ?::jsonb, ?, now()) ON CONFLICT (project_id) "
        + "DO UPDATE SET manifest = EXCLUDED.manifest, fingerprint = EXCLUDED.fingerprint, applied_at = now()")) {
      ps.setString(1, projectId);
      ps.setString(2, json.writeValueAsString(m));
      ps.setString(3, fingerprint);
      ps.executeUpdate();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

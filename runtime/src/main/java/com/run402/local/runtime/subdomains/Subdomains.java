package com.run402.local.runtime.subdomains;

import com.run402.local.runtime.db.Jdbc;
import com.run402.local.runtime.error.ApiException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Claimed subdomains (table internal.subdomains): a name belongs to one project and serves one of its
 * releases. Activating a release repoints all of the project's names to it (production's
 * auto-reassignment after a deployment, legacy-gateway 7.2); a claim may pin an older deployment
 * until the next activation.
 */
public final class Subdomains {
  public record Claim(String name, String projectId, String releaseId, Instant createdAt, Instant updatedAt) {}

  private final DataSource ds;
  private final Clock clock;

  public Subdomains(DataSource ds, Clock clock) {
    this.ds = ds;
    this.clock = clock;
  }

  public Optional<Claim> find(String name) {
    return query("SELECT name, project_id, release_id, created_at, updated_at FROM internal.subdomains WHERE name = ?",
        name).stream().findFirst();
  }

  public List<Claim> list(String projectId) {
    return query("SELECT name, project_id, release_id, created_at, updated_at FROM internal.subdomains "
        + "WHERE project_id = ? ORDER BY created_at DESC, name", projectId);
  }

  /** Legacy claim: the name (checked) now serves {@code releaseId} of {@code projectId}. */
  public Claim claim(String projectId, String name, String releaseId) {
    SubdomainNames.check(name);
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        upsert(c, projectId, name, releaseId, clock.instant());
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("subdomain claim failed: " + e.getMessage(), e);
    }
    return find(name).orElseThrow();
  }

  /** Deletes the name if the project owns it: 404 when missing, 403 when another project's. */
  public Claim release(String projectId, String name) {
    Claim c = find(name).orElseThrow(() -> ApiException.notFound("not_found", "Subdomain not found"));
    if (!c.projectId().equals(projectId)) {
      throw ApiException.forbidden("forbidden", "Subdomain owned by different project");
    }
    try {
      Jdbc.update(ds, "DELETE FROM internal.subdomains WHERE name = ? AND project_id = ?", name, projectId);
    } catch (SQLException e) {
      throw new IllegalStateException("subdomain delete failed: " + e.getMessage(), e);
    }
    return c;
  }

  /** 403 when a name in {@code names} is claimed by another project (plan-time check). */
  public void requireAvailable(String projectId, Iterable<String> names) {
    for (String n : names) {
      find(n).filter(c -> !c.projectId().equals(projectId)).ifPresent(c -> {
        throw taken(n);
      });
    }
  }

  /** Inside a release activation: remove, add, then point every name of the project at the release. */
  public void activate(Connection c, String projectId, String releaseId, List<String> added, List<String> removed,
      Instant now) throws SQLException {
    for (String n : removed) {
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM internal.subdomains WHERE name = ? AND project_id = ?")) {
        ps.setString(1, n);
        ps.setString(2, projectId);
        ps.executeUpdate();
      }
    }
    for (String n : added) {
      upsert(c, projectId, n, releaseId, now);
    }
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE internal.subdomains SET release_id = ?, updated_at = ? WHERE project_id = ? AND release_id <> ?")) {
      ps.setString(1, releaseId);
      ps.setTimestamp(2, Timestamp.from(now));
      ps.setString(3, projectId);
      ps.setString(4, releaseId);
      ps.executeUpdate();
    }
  }

  private static void upsert(Connection c, String projectId, String name, String releaseId, Instant now)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT project_id FROM internal.subdomains WHERE name = ? FOR UPDATE")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next() && !rs.getString(1).equals(projectId)) {
          throw taken(name);
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO internal.subdomains (name, project_id, release_id, "
        + "created_at, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET release_id = "
        + "EXCLUDED.release_id, updated_at = EXCLUDED.updated_at")) {
      ps.setString(1, name);
      ps.setString(2, projectId);
      ps.setString(3, releaseId);
      ps.setTimestamp(4, Timestamp.from(now));
      ps.setTimestamp(5, Timestamp.from(now));
      ps.executeUpdate();
    }
  }

  private static ApiException taken(String name) {
    return new ApiException(403, "forbidden", "Subdomain \"" + name + "\" is already claimed by another wallet",
        java.util.Map.of("code", "SUBDOMAIN_TAKEN"));
  }

  private List<Claim> query(String sql, Object... args) {
    try {
      return Jdbc.query(ds, sql, rs -> new Claim(rs.getString(1), rs.getString(2), rs.getString(3),
          rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant()), args);
    } catch (SQLException e) {
      throw new IllegalStateException("subdomains: " + e.getMessage(), e);
    }
  }
}

package com.run402.local.runtime.users;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** SQL over internal.users; every method runs on the caller's connection. */
final class UserStore {
  private static final String COLS = "id, project_id, email, password_hash, is_admin, email_verified_at, display_name, "
      + "avatar_url, last_sign_in_at, created_at";

  private UserStore() {}

  static Optional<User> byEmail(Connection c, String projectId, String email) throws SQLException {
    return one(c, "SELECT " + COLS + " FROM internal.users WHERE project_id = ? AND email = ?", projectId, email);
  }

  static Optional<User> byId(Connection c, String projectId, UUID id) throws SQLException {
    return one(c, "SELECT " + COLS + " FROM internal.users WHERE project_id = ? AND id = ?", projectId, id);
  }

  /** Inserts a user; empty when (project, email) is taken. */
  static Optional<User> insert(Connection c, String projectId, String email, String passwordHash, boolean isAdmin,
      Instant now) throws SQLException {
    return one(c, "INSERT INTO internal.users (id, project_id, email, password_hash, is_admin, created_at) "
        + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, email) DO NOTHING RETURNING " + COLS,
        UUID.randomUUID(), projectId, email, passwordHash, isAdmin, Timestamp.from(now));
  }

  static void setPassword(Connection c, UUID id, String hash) throws SQLException {
    update(c, "UPDATE internal.users SET password_hash = ? WHERE id = ?", hash, id);
  }

  static void signedIn(Connection c, UUID id, Instant now) throws SQLException {
    update(c, "UPDATE internal.users SET last_sign_in_at = ? WHERE id = ?", Timestamp.from(now), id);
  }

  /** A magic-link sign-in: the address is proven, so email_verified_at is set if still null. */
  static void signedInByEmail(Connection c, UUID id, Instant now) throws SQLException {
    update(c, "UPDATE internal.users SET email_verified_at = COALESCE(email_verified_at, ?), last_sign_in_at = ? "
        + "WHERE id = ?", Timestamp.from(now), Timestamp.from(now), id);
  }

  /** Sets is_admin by email; false when there is no such user. */
  static boolean setAdmin(Connection c, String projectId, String email, boolean admin) throws SQLException {
    return update(c, "UPDATE internal.users SET is_admin = ? WHERE project_id = ? AND email = ?", admin, projectId, email) > 0;
  }

  private static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      return ps.executeUpdate();
    }
  }

  private static Optional<User> one(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  private static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
  }

  private static User read(ResultSet rs) throws SQLException {
    return new User(rs.getObject("id", UUID.class), rs.getString("project_id"), rs.getString("email"),
        rs.getString("password_hash"), rs.getBoolean("is_admin"), instant(rs, "email_verified_at"),
        rs.getString("display_name"), rs.getString("avatar_url"), instant(rs, "last_sign_in_at"), instant(rs, "created_at"));
  }

  private static Instant instant(ResultSet rs, String col) throws SQLException {
    Timestamp t = rs.getTimestamp(col);
    return t == null ? null : t.toInstant();
  }
}

package com.run402.local.runtime.users;

import com.run402.local.runtime.error.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Sign-in sessions and their refresh tokens (legacy-gateway 2.4, plus reuse detection): a refresh
 * token is a random UUID v4 (production's format), single use, valid 30 days, stored only as its
 * SHA-256. Refreshing spends it and issues the next one of the same session; presenting a spent
 * token again revokes the session, so neither the thief's nor the owner's chain keeps working.
 */
final class Sessions {
  static final Duration REFRESH_TTL = Duration.ofDays(30);
  private static final Pattern UUID_SHAPE =
      Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

  /** A session's id and its current refresh token. */
  record Issued(UUID sessionId, String refreshToken) {}

  private Sessions() {}

  static Issued start(Connection c, String projectId, UUID userId, Instant now) throws SQLException {
    UUID session = UUID.randomUUID();
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO internal.user_sessions (id, project_id, user_id, created_at) VALUES (?, ?, ?, ?)")) {
      ps.setObject(1, session);
      ps.setString(2, projectId);
      ps.setObject(3, userId);
      ps.setTimestamp(4, Timestamp.from(now));
      ps.executeUpdate();
    }
    return new Issued(session, issue(c, projectId, userId, session, now));
  }

  /**
   * Spends {@code token} and returns the user id and the session's next token; 401 in production's
   * words otherwise. A reused token revokes its session; the caller must commit even then.
   */
  static Rotated rotate(Connection c, String projectId, String token, Instant now) throws SQLException {
    UUID userId;
    UUID session;
    try (PreparedStatement ps = c.prepareStatement("SELECT r.user_id, r.session_id, r.expires_at, r.used_at, "
        + "s.revoked_at FROM internal.refresh_tokens r JOIN internal.user_sessions s ON s.id = r.session_id "
        + "WHERE r.token_hash = ? AND r.project_id = ? FOR UPDATE OF r, s")) {
      ps.setString(1, hash(token));
      ps.setString(2, projectId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Rotated.refused("Invalid refresh token");
        }
        userId = rs.getObject(1, UUID.class);
        session = rs.getObject(2, UUID.class);
        if (rs.getTimestamp(4) != null) {
          revoke(c, session, now);
          return Rotated.refused("Refresh token already used");
        }
        if (rs.getTimestamp(5) != null) {
          return Rotated.refused("Invalid refresh token");
        }
        if (!rs.getTimestamp(3).toInstant().isAfter(now)) {
          return Rotated.refused("Refresh token expired");
        }
      }
    }
    spend(c, token, now);
    return new Rotated(userId, session, issue(c, projectId, userId, session, now), null);
  }

  /** Logout: the token is spent and its session ended (unknown tokens are ignored, as production does). */
  static void end(Connection c, String projectId, String token, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE internal.refresh_tokens SET used_at = COALESCE(used_at, ?) "
        + "WHERE token_hash = ? AND project_id = ? RETURNING session_id")) {
      ps.setTimestamp(1, Timestamp.from(now));
      ps.setString(2, hash(token));
      ps.setString(3, projectId);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          revoke(c, rs.getObject(1, UUID.class), now);
        }
      }
    }
  }

  /** The outcome of a refresh: a new token, or the 401 message. */
  record Rotated(UUID userId, UUID sessionId, String refreshToken, String refusal) {
    static Rotated refused(String message) {
      return new Rotated(null, null, null, message);
    }

    ApiException error() {
      return ApiException.unauthorized("invalid_refresh_token", refusal);
    }
  }

  /** 400 unless {@code token} is a UUID (production validates the shape first). */
  static void requireUuid(String token) {
    if (!UUID_SHAPE.matcher(token).matches()) {
      throw ApiException.badRequest("invalid_refresh_token", "Invalid refresh_token: must be a valid UUID");
    }
  }

  private static String issue(Connection c, String projectId, UUID userId, UUID session, Instant now) throws SQLException {
    String token = UUID.randomUUID().toString();
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO internal.refresh_tokens "
        + "(token_hash, session_id, project_id, user_id, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, hash(token));
      ps.setObject(2, session);
      ps.setString(3, projectId);
      ps.setObject(4, userId);
      ps.setTimestamp(5, Timestamp.from(now.plus(REFRESH_TTL)));
      ps.setTimestamp(6, Timestamp.from(now));
      ps.executeUpdate();
    }
    return token;
  }

  private static void spend(Connection c, String token, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE internal.refresh_tokens SET used_at = ? WHERE token_hash = ?")) {
      ps.setTimestamp(1, Timestamp.from(now));
      ps.setString(2, hash(token));
      ps.executeUpdate();
    }
  }

  private static void revoke(Connection c, UUID session, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE internal.user_sessions SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")) {
      ps.setTimestamp(1, Timestamp.from(now));
      ps.setObject(2, session);
      ps.executeUpdate();
    }
  }

  /** SHA-256 of the lower-cased token, base64url: lookups never need the token itself. */
  static String hash(String token) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(token.toLowerCase(java.util.Locale.ROOT)
          .getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

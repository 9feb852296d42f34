package com.run402.local.runtime.users;

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

/** SQL over internal.magic_links (V005); every method runs on the caller's connection. */
final class MagicLinkStore {
  private static final String COLS = "id, project_id, email, code_hash, code_attempts, intent, client_state, "
      + "state_source, delivery, expires_at, used_at";
  /** Expired rows are kept this long after expiry, then dropped on the project's next request. */
  private static final Duration KEEP_EXPIRED = Duration.ofHours(1);

  /** One request's row. {@code codeHash} is null for link-only delivery. */
  record Row(UUID id, String projectId, String email, String codeHash, int codeAttempts, String intent,
      String clientState, String stateSource, String delivery, Instant expiresAt, Instant usedAt) {

    boolean live(Instant now) {
      return usedAt == null && expiresAt.isAfter(now);
    }
  }

  /** What a new request stores; the hashes are null for the delivery it does not use. */
  record NewLink(String projectId, String email, String tokenHash, String codeHash, String redirectUrl,
      String intent, String clientState, String stateSource, String delivery) {}

  private MagicLinkStore() {}

  /** Stores {@code link}, spending the email's earlier unused links (production: a new token invalidates them). */
  static void insert(Connection c, UUID id, NewLink link, Instant now, Duration ttl) throws SQLException {
    exec(c, "DELETE FROM internal.magic_links WHERE project_id = ? AND expires_at < ?", link.projectId(),
        Timestamp.from(now.minus(KEEP_EXPIRED)));
    exec(c, "UPDATE internal.magic_links SET used_at = ? WHERE project_id = ? AND email = ? AND used_at IS NULL",
        Timestamp.from(now), link.projectId(), link.email());
    exec(c, "INSERT INTO internal.magic_links (id, project_id, email, token_hash, code_hash, redirect_url, intent, "
        + "client_state, state_source, delivery, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        id, link.projectId(), link.email(), link.tokenHash(), link.codeHash(), link.redirectUrl(), link.intent(),
        link.clientState(), link.stateSource(), link.delivery(), Timestamp.from(now.plus(ttl)), Timestamp.from(now));
  }

  /** The row of a link token, locked, in any project (the caller checks which). */
  static Row byTokenHash(Connection c, String tokenHash) throws SQLException {
    return one(c, "SELECT " + COLS + " FROM internal.magic_links WHERE token_hash = ? FOR UPDATE", tokenHash);
  }

  /** The row of a code challenge of this project, locked. */
  static Row byChallenge(Connection c, String projectId, UUID id) throws SQLException {
    return one(c, "SELECT " + COLS + " FROM internal.magic_links WHERE id = ? AND project_id = ? FOR UPDATE",
        id, projectId);
  }

  static void markUsed(Connection c, UUID id, Instant now) throws SQLException {
    exec(c, "UPDATE internal.magic_links SET used_at = ? WHERE id = ?", Timestamp.from(now), id);
  }

  /** Counts a wrong code; the challenge is spent once {@code max} wrong codes were tried. */
  static void wrongCode(Connection c, UUID id, int max, Instant now) throws SQLException {
    exec(c, "UPDATE internal.magic_links SET code_attempts = code_attempts + 1, "
        + "used_at = CASE WHEN code_attempts + 1 >= ? THEN ? ELSE used_at END WHERE id = ?", max, Timestamp.from(now), id);
  }

  /** SHA-256, base64url, of a secret as given (tokens are case-sensitive base64url). */
  static String hash(String secret) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A code's hash is bound to its challenge, so equal codes of two challenges hash apart. */
  static String codeHash(UUID challenge, String code) {
    return hash(challenge + ":" + code);
  }

  private static Row one(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        Timestamp used = rs.getTimestamp("used_at");
        return new Row(rs.getObject("id", UUID.class), rs.getString("project_id"), rs.getString("email"),
            rs.getString("code_hash"), rs.getInt("code_attempts"), rs.getString("intent"),
            rs.getString("client_state"), rs.getString("state_source"), rs.getString("delivery"),
            rs.getTimestamp("expires_at").toInstant(), used == null ? null : used.toInstant());
      }
    }
  }

  private static void exec(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      ps.executeUpdate();
    }
  }

  private static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
  }
}

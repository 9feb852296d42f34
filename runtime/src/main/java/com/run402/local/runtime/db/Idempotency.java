package com.run402.local.runtime.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.run402.local.runtime.error.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Idempotency-Key replay (legacy-gateway 8.1) for project provisioning and tier changes, scoped to the principal
 * and route rather than global,
 * and checked against the payload: the same key with the same payload returns the stored response;
 * with a different payload it is a 422. Callers hold a transaction-scoped advisory lock on the key so
 * that concurrent duplicates execute once.
 */
public final class Idempotency {
  public static final int MAX_KEY_LENGTH = 256;

  private Idempotency() {}

  public record Stored(int status, JsonNode body) {}

  public static void validate(String key) {
    if (key != null && key.length() > MAX_KEY_LENGTH) {
      throw ApiException.badRequest("invalid_idempotency_key", "Idempotency-Key too long (max 256 characters)");
    }
  }

  public static void lock(Connection c, String scope, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
      ps.setString(1, scope + "\n" + key);
      ps.execute();
    }
  }

  public static Optional<Stored> find(Connection c, ObjectMapper json, String scope, String key, String requestHash)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT request_hash, status_code, response_body::text FROM internal.idempotency_keys WHERE scope = ? AND key = ?")) {
      ps.setString(1, scope);
      ps.setString(2, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        if (!rs.getString(1).equals(requestHash)) {
          throw new ApiException(422, "idempotency_key_reused",
              "Idempotency-Key already used with a different request");
        }
        return Optional.of(new Stored(rs.getInt(2), json.readTree(rs.getString(3))));
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void store(Connection c, String scope, String key, String requestHash, int status, String body)
      throws SQLException {
    Jdbc.update(c, "INSERT INTO internal.idempotency_keys (scope, key, request_hash, status_code, response_body) "
        + "VALUES (?, ?, ?, ?, ?::jsonb)", scope, key, requestHash, status, body);
  }


  public static String hash(String canonicalRequest) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(d.digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

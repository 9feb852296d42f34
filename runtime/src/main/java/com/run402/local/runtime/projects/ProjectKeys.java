package com.run402.local.runtime.projects;

import com.run402.local.runtime.LocalSecrets;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints and checks project keys: HS256 JWTs with {@code role} (anon or service_role),
 * {@code project_id}, {@code iss} and a key id, no expiry (production's keys are permanent project
 * identifiers). The signature key is derived from the data dir's master key.
 */
public final class ProjectKeys {
  public static final String ISSUER = "run402-local";

  private final SecretKey key;

  public ProjectKeys(LocalSecrets secrets) {
    this.key = new SecretKeySpec(secrets.derive("project-keys:v1"), "HmacSHA256");
  }

  /** A minted key and its id (stored in internal.project_keys). */
  public record Minted(String keyId, String role, String token) {}

  /** What a verified key says. */
  public record Verified(String keyId, String role, String projectId) {}

  public Minted mint(String projectId, String role, Instant now) {
    String keyId = "key_" + UUID.randomUUID().toString().replace("-", "");
    return new Minted(keyId, role, token(keyId, role, projectId, now));
  }

  /**
   * The key with these parts. Keys are deterministic, so a key minted at provisioning can be
   * derived again from its stored row (the S3 endpoint needs the service key itself: it is the
   * secret of SigV4).
   */
  public String token(String keyId, String role, String projectId, Instant issuedAt) {
    return Jwts.builder()
        .header().type("JWT").and()
        .issuer(ISSUER)
        .id(keyId)
        .claim("role", role)
        .claim("project_id", projectId)
        .issuedAt(Date.from(issuedAt))
        .signWith(key, Jwts.SIG.HS256)
        .compact();
  }

  /** The claims of a well-signed key of ours, or empty for anything else. */
  public Optional<Verified> verify(String token) {
    if (token == null || token.isBlank() || token.length() > 4096) {
      return Optional.empty();
    }
    try {
      Claims c = Jwts.parser().verifyWith(key).requireIssuer(ISSUER).build().parseSignedClaims(token).getPayload();
      String role = c.get("role", String.class);
      String projectId = c.get("project_id", String.class);
      if (c.getId() == null || role == null || projectId == null) {
        return Optional.empty();
      }
      return Optional.of(new Verified(c.getId(), role, projectId));
    } catch (JwtException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The HMAC key, for later issues that sign other tokens with the same material. */
  SecretKey signingKey() {
    return key;
  }
}

package com.run402.local.runtime.projects;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.security.SecurityException;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies any JWT a project hands out: its anon and service keys (HS256 with the signing material
 * of {@link ProjectKeys}) and its users' access tokens (ES256 under the project key named by the
 * header's {@code kid}; older HS256 test tokens of {@link UserTokens} still verify). Project keys (issuer
 * {@value ProjectKeys#ISSUER}, with a key id) must also still be live; access tokens must not be
 * expired; the project named must exist. Which project a token may be used for is the caller's decision ({@code project_id}).
 */
public final class ProjectTokens {
  private static final long SKEW_SECONDS = 30;
  private static final int MAX_LENGTH = 8192;

  private static final int MAX_CACHED = 4096;

  /** A token whose signature and JSON were checked once; time, project and key checks still run per use. */
  private record Verified(Map<String, Object> claims, Long exp, Long nbf) {}

  /** The ES256 public keys of user access tokens, by {@code kid}, with the project each belongs to. */
  @FunctionalInterface
  public interface UserKeys {
    Optional<UserKey> byKid(String kid);
  }

  /** One ES256 verification key. */
  public record UserKey(String projectId, PublicKey key) {}

  private final ProjectKeys keys;
  private final UserKeys userKeys;
  // Signature checks are the costliest part of a REST request, and clients repeat the same few
  // tokens (the anon key, a user's session token): each is parsed and checked once. Bounded by
  // clearing when full; a hit still checks expiry, the project and the key's liveness.
  private final Map<String, Verified> verified = new java.util.concurrent.ConcurrentHashMap<>();
  private final ProjectService projects;
  private final ObjectMapper json;
  private final Clock clock;

  public ProjectTokens(ProjectService projects, UserKeys userKeys, ObjectMapper json, Clock clock) {
    this.keys = projects.keys();
    this.userKeys = userKeys;
    this.projects = projects;
    this.json = json;
    this.clock = clock;
  }

  /** Why a token was refused; callers pick their own wording (gateway envelope or PostgREST). */
  public enum Failure {
    MALFORMED,
    BAD_SIGNATURE,
    EXPIRED,
    CLAIMS,
    NO_PROJECT,
    REVOKED
  }

  /** A refused token. */
  public static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Failure failure;

    Invalid(Failure failure, String message) {
      super(message, null, false, false);
      this.failure = failure;
    }

    public Failure failure() {
      return failure;
    }
  }

  /** The claims of a valid token, as JSON values (numeric dates stay numbers); throws {@link Invalid}. */
  public Map<String, Object> verify(String token) {
    if (token == null || token.isEmpty()) {
      throw new Invalid(Failure.MALFORMED, "Empty JWT is sent in Authorization header");
    }
    int parts = 1; // counted rather than split: this runs on every request
    for (int i = token.indexOf('.'); i >= 0; i = token.indexOf('.', i + 1)) {
      parts++;
    }
    if (parts != 3 || token.length() > MAX_LENGTH) {
      throw new Invalid(Failure.MALFORMED, "Expected 3 parts in JWT; got " + parts);
    }
    Verified v = verified.get(token);
    if (v == null) {
      v = check(token);
      if (verified.size() >= MAX_CACHED) {
        verified.clear();
      }
      verified.put(token, v);
    } else {
      long now = clock.instant().getEpochSecond();
      if (v.exp() != null && now > v.exp() + SKEW_SECONDS) {
        throw new Invalid(Failure.EXPIRED, "JWT expired");
      }
      if (v.nbf() != null && now < v.nbf() - SKEW_SECONDS) {
        throw new Invalid(Failure.CLAIMS, "JWT not yet valid");
      }
    }
    Map<String, Object> claims = v.claims();
    if (!(claims.get("project_id") instanceof String projectId) || !(claims.get("role") instanceof String)) {
      throw new Invalid(Failure.CLAIMS, "JWT has no project_id or role claim");
    }
    if (projects.find(projectId).isEmpty()) {
      throw new Invalid(Failure.NO_PROJECT, "JWT names a project that does not exist");
    }
    if (ProjectKeys.ISSUER.equals(claims.get("iss"))) {
      // A project key: valid only while the project exists and the key was not rotated away.
      Object keyId = claims.get("jti");
      if (!(keyId instanceof String k) || !projects.keyIsLive(projectId, k)) {
        throw new Invalid(Failure.REVOKED, "JWT is not a live key of its project");
      }
    }
    return claims;
  }

  /** Signature, time and JSON checks of a token not seen before; the claims come back read-only. */
  private Verified check(String token) {
    Map<String, Object> header = decode(token.split("\\.")[0]);
    PublicKey ecKey = null;
    String ecProject = null;
    if ("ES256".equals(header.get("alg"))) {
      UserKey k = header.get("kid") instanceof String kid ? userKeys.byKid(kid).orElse(null) : null;
      if (k == null) {
        throw new Invalid(Failure.BAD_SIGNATURE, "No suitable key or wrong key type");
      }
      ecKey = k.key();
      ecProject = k.projectId();
    }
    try {
      var parser = ecKey != null ? Jwts.parser().verifyWith(ecKey) : Jwts.parser().verifyWith(keys.signingKey());
      parser.clock(() -> Date.from(clock.instant()))
          .clockSkewSeconds(SKEW_SECONDS).build().parseSignedClaims(token);
    } catch (ExpiredJwtException e) {
      throw new Invalid(Failure.EXPIRED, "JWT expired");
    } catch (PrematureJwtException e) {
      throw new Invalid(Failure.CLAIMS, "JWT not yet valid");
    } catch (SecurityException e) {
      throw new Invalid(Failure.BAD_SIGNATURE, "No suitable key or wrong key type");
    } catch (UnsupportedJwtException e) {
      throw new Invalid(Failure.MALFORMED, "Wrong or unsupported encoding algorithm");
    } catch (JwtException | IllegalArgumentException e) {
      throw new Invalid(Failure.MALFORMED, "JWT cryptographic operation failed");
    }
    // Decoded again by hand: jjwt's Claims turn iat/exp into Dates, and the claims go on to
    // request.jwt.claims where PostgREST puts the token's own JSON.
    Map<String, Object> claims = decode(token.split("\\.")[1]);
    if (ecProject != null && !ecProject.equals(claims.get("project_id"))) {
      // Signed with one project's key but naming another: no key of the named project verifies it.
      throw new Invalid(Failure.BAD_SIGNATURE, "No suitable key or wrong key type");
    }
    return new Verified(java.util.Collections.unmodifiableMap(claims), seconds(claims.get("exp")),
        seconds(claims.get("nbf")));
  }

  private Map<String, Object> decode(String part) {
    try {
      return json.readValue(Base64.getUrlDecoder().decode(part), new TypeReference<Map<String, Object>>() {});
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new Invalid(Failure.MALFORMED, "JWT cryptographic operation failed");
    }
  }

  private static Long seconds(Object v) {
    return v instanceof Number n ? n.longValue() : null;
  }
}

package com.run402.local.runtime.users;

import io.jsonwebtoken.Jwts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Mints user access tokens: ES256 with the project's {@code kid} (api-contract 4.4, what
 * {@code @run402/functions} verifies), claims {@code sub, project_id, email, role, session_id,
 * iat, exp}. The role is {@code authenticated}, or {@code project_admin} for a promoted user
 * (legacy-gateway 2.4: re-evaluated at every issue).
 */
public final class AccessTokens {
  /** Production's access-token lifetime. */
  public static final Duration TTL = Duration.ofHours(1);

  private final SigningKeys keys;
  private final Clock clock;

  public AccessTokens(SigningKeys keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  /** A signed access token; {@code sessionId} and {@code email} may be null, {@code ttl} negative (tests). */
  public String mint(String projectId, String userId, String email, String role, String sessionId, Duration ttl) {
    SigningKeys.Key key = keys.forProject(projectId);
    Instant now = clock.instant();
    var b = Jwts.builder()
        .header().type("JWT").keyId(key.kid()).and()
        .subject(userId)
        .claim("project_id", projectId)
        .claim("role", role)
        .issuedAt(Date.from(now))
        .expiration(Date.from(now.plus(ttl)));
    if (email != null) {
      b.claim("email", email);
    }
    if (sessionId != null) {
      b.claim("session_id", sessionId);
    }
    return b.signWith(key.privateKey(), Jwts.SIG.ES256).compact();
  }
}

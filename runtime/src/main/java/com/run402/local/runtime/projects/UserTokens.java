package com.run402.local.runtime.projects;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Mints end-user access tokens of a project as production's {@code /auth/v1/token} does
 * (legacy-gateway 2.2): HS256, {@code {sub, role, project_id, email?, iat, exp}}, no {@code iss}.
 * Lives next to {@link ProjectKeys} because it signs with the same key; tests use it until the
 * auth routes exist, and those routes will mint through it.
 */
public final class UserTokens {
  /** Production's access-token lifetime. */
  public static final Duration DEFAULT_TTL = Duration.ofHours(1);

  private final ProjectKeys keys;
  private final Clock clock;

  public UserTokens(ProjectKeys keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  /** An {@code authenticated} access token for user {@code userId}, valid for an hour. */
  public String mint(String projectId, String userId, String email) {
    return mint(projectId, userId, email, "authenticated", DEFAULT_TTL);
  }

  /** An access token with an explicit role ({@code authenticated} or {@code project_admin}) and lifetime (may be negative, for tests). */
  public String mint(String projectId, String userId, String email, String role, Duration ttl) {
    Instant now = clock.instant();
    JwtBuilder b = Jwts.builder()
        .header().type("JWT").and()
        .subject(userId)
        .claim("role", role)
        .claim("project_id", projectId)
        .issuedAt(Date.from(now))
        .expiration(Date.from(now.plus(ttl)));
    if (email != null) {
      b.claim("email", email);
    }
    return b.signWith(keys.signingKey(), Jwts.SIG.HS256).compact();
  }
}

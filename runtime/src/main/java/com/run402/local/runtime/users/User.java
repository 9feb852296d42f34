package com.run402.local.runtime.users;

import java.time.Instant;
import java.util.UUID;

/** A project's end user (a row of internal.users). */
public record User(UUID id, String projectId, String email, String passwordHash, boolean isAdmin,
    Instant emailVerifiedAt, String displayName, String avatarUrl, Instant lastSignInAt, Instant createdAt) {

  /** The role its access tokens carry (legacy-gateway 2.4). */
  public String tokenRole() {
    return isAdmin ? "project_admin" : "authenticated";
  }

  /** ISO-8601 with milliseconds, or null. */
  public static String iso(Instant i) {
    return i == null ? null : com.run402.local.runtime.sql.PgJson.iso(i);
  }
}

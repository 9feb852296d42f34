package com.run402.local.runtime.leases;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Where a project stands in its wallet's lease lifecycle: active until the lease expires, then
 * expired (read-only) for 7 days, then archived (no access) until 37 days after expiry, when it is
 * deleted. A renewal (a later {@code lease_expires_at}) before deletion makes it active again.
 */
public enum LeaseState {
  ACTIVE,
  EXPIRED,
  ARCHIVED,
  /** Deletion is due: the project answers as if it no longer existed until the sweep removes it. */
  DELETED;

  /** Read-only grace after expiry. */
  public static final Duration READ_ONLY_FOR = Duration.ofDays(7);
  /** Expiry to deletion. */
  public static final Duration DELETED_AFTER = Duration.ofDays(37);

  /** The state at {@code now} of a lease expiring at {@code expiresAt} (null: no lease, never expires). */
  public static LeaseState of(Instant expiresAt, Instant now) {
    if (expiresAt == null || now.isBefore(expiresAt)) {
      return ACTIVE;
    }
    if (now.isBefore(expiresAt.plus(READ_ONLY_FOR))) {
      return EXPIRED;
    }
    return now.isBefore(expiresAt.plus(DELETED_AFTER)) ? ARCHIVED : DELETED;
  }

  /** When the state after this one begins (null for active leases with no expiry, and for deleted). */
  public Instant nextTransitionAt(Instant expiresAt) {
    if (expiresAt == null) {
      return null;
    }
    switch (this) {
      case ACTIVE:
        return expiresAt;
      case EXPIRED:
        return expiresAt.plus(READ_ONLY_FOR);
      case ARCHIVED:
        return expiresAt.plus(DELETED_AFTER);
      default:
        return null;
    }
  }

  /** When this state began (null for active). */
  public Instant enteredAt(Instant expiresAt) {
    if (expiresAt == null) {
      return null;
    }
    switch (this) {
      case EXPIRED:
        return expiresAt;
      case ARCHIVED:
        return expiresAt.plus(READ_ONLY_FOR);
      case DELETED:
        return expiresAt.plus(DELETED_AFTER);
      default:
        return null;
    }
  }

  /** Lower-case wire name ("expired"), as production's project statuses. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean readable() {
    return this == ACTIVE || this == EXPIRED;
  }

  public boolean writable() {
    return this == ACTIVE;
  }
}

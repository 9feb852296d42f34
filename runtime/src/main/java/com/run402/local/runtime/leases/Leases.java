package com.run402.local.runtime.leases;

import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.projects.Project;
import com.run402.local.runtime.sql.PgJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Lease state of projects, computed from the wallet's {@code internal.wallets.lease_expires_at} and
 * the emulator clock. Expiry dates are cached per wallet (the REST hot path must not query the
 * database), so whatever changes a lease calls {@link #leaseChanged} or {@link #renewedUntil};
 * clock moves need nothing, since the state is computed against the clock on every call.
 * Projects without a wallet (the embedding API's test helper) have no lease and stay active.
 */
public final class Leases {
  /** Cached expiry of one wallet's lease; {@code at} is null when the wallet has none. */
  private record Expiry(Instant at) {}

  private static final Expiry NONE = new Expiry(null);

  private final DataSource ds;
  private final Clock clock;
  private final Map<String, Expiry> byWallet = new ConcurrentHashMap<>();

  public Leases(DataSource ds, Clock clock) {
    this.ds = ds;
    this.clock = clock;
  }

  /** The project's state now. */
  public LeaseState stateOf(Project p) {
    return LeaseState.of(expiresAt(p), clock.instant());
  }

  /** When the project's lease expires (null: never). */
  public Instant expiresAt(Project p) {
    String w = p.walletAddress();
    return w == null ? null : byWallet.computeIfAbsent(w, this::load).at();
  }

  /** The project's lease state as views name it: active, expired (read-only), archived or deleted. */
  public String lifecycle(Project p) {
    return stateOf(p).wireName();
  }

  /** Whether the data plane may serve the project at all (active or read-only expired). */
  public boolean serving(Project p) {
    return stateOf(p).readable();
  }

  /** Refuses writes unless active: 402 while expired (read-only), 404 once archived. */
  public void requireWritable(Project p) {
    LeaseState s = stateOf(p);
    if (s == LeaseState.EXPIRED) {
      throw writeRefused(p);
    }
    if (!s.readable()) {
      throw inactive();
    }
  }

  /** Refuses any access to archived (and deletion-due) projects with production's 404. */
  public void requireReadable(Project p) {
    if (!serving(p)) {
      throw inactive();
    }
  }

  /** Production's lifecycle-gate 402 (legacy-gateway 4.2) for a project that is not active. */
  public ApiException writeRefused(Project p) {
    Instant exp = expiresAt(p);
    LeaseState s = LeaseState.of(exp, clock.instant());
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("lifecycle_state", s.wireName());
    extra.put("entered_state_at", iso(s.enteredAt(exp)));
    extra.put("next_transition_at", iso(s.nextTransitionAt(exp)));
    extra.put("lease_expires_at", iso(exp));
    return new ApiException(402, "payment_required",
        "Project is " + s.wireName() + ". Renew the wallet's tier to restore control-plane access.", extra);
  }

  /** The answer of production's key checks for a project that is not in a serving state. */
  public static ApiException inactive() {
    return ApiException.notFound("project_not_found", "Project not found or inactive");
  }

  /**
   * Call after anything wrote {@code internal.wallets.lease_*} of {@code wallet} (the tier route's
   * subscribe, renew or upgrade; provisioning): the next check reads the new expiry.
   */
  public void leaseChanged(String wallet) {
    if (wallet != null) {
      byWallet.remove(wallet.toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** Sets the wallet's lease expiry (a renewal done through the runtime API) and applies it at once. */
  public void renewedUntil(String wallet, Instant expiresAt) {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
        "UPDATE internal.wallets SET lease_expires_at = ? WHERE address = ?")) {
      ps.setTimestamp(1, Timestamp.from(expiresAt));
      ps.setString(2, wallet.toLowerCase(java.util.Locale.ROOT));
      if (ps.executeUpdate() == 0) {
        throw new IllegalArgumentException("No wallet " + wallet);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("lease update failed: " + e.getMessage(), e);
    } finally {
      leaseChanged(wallet);
    }
  }

  /** Ids of projects whose deletion is due (37 days after their wallet's lease expired). */
  public List<String> dueForDeletion() {
    Instant cutoff = clock.instant().minus(LeaseState.DELETED_AFTER);
    List<String> ids = new ArrayList<>();
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT p.id FROM internal.projects p JOIN internal.wallets w ON w.address = p.wallet_address "
            + "WHERE w.lease_expires_at <= ? ORDER BY p.id")) {
      ps.setTimestamp(1, Timestamp.from(cutoff));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("lease sweep query failed: " + e.getMessage(), e);
    }
    return ids;
  }

  /** Forgets every cached expiry (emulator reset). */
  public void clear() {
    byWallet.clear();
  }

  private Expiry load(String wallet) {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT lease_expires_at FROM internal.wallets WHERE address = ?")) {
      ps.setString(1, wallet);
      try (ResultSet rs = ps.executeQuery()) {
        Timestamp t = rs.next() ? rs.getTimestamp(1) : null;
        return t == null ? NONE : new Expiry(t.toInstant());
      }
    } catch (SQLException e) {
      throw new IllegalStateException("lease lookup failed: " + e.getMessage(), e);
    }
  }

  private static String iso(Instant i) {
    return i == null ? null : PgJson.iso(i);
  }
}

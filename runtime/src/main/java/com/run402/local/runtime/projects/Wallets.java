package com.run402.local.runtime.projects;

import com.run402.local.runtime.auth.WalletPrincipal;
import com.run402.local.runtime.tiers.Tier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/** Rows of internal.wallets: SIWX principals and their tier lease. */
final class Wallets {
  private Wallets() {}

  /** A wallet's lease as of now. */
  record Lease(String tier, Instant startedAt, Instant expiresAt) {}

  /** Records the wallet (first/last seen) inside the caller's transaction. */
  static void touch(Connection c, WalletPrincipal w, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO internal.wallets (address, checksum_address, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?) "
            + "ON CONFLICT (address) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at")) {
      ps.setString(1, w.address());
      ps.setString(2, w.checksumAddress());
      ps.setTimestamp(3, Timestamp.from(now));
      ps.setTimestamp(4, Timestamp.from(now));
      ps.executeUpdate();
    }
  }

  /**
   * The wallet's active lease. Until x402 tiers are emulated, a wallet without an active lease is
   * given the free prototype tier's lease (production's prototype tier costs $0.10 of testnet USDC).
   */
  static Lease activeLease(Connection c, String address, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT tier, lease_started_at, lease_expires_at FROM internal.wallets WHERE address = ? FOR UPDATE")) {
      ps.setString(1, address);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next() && rs.getString(1) != null && rs.getTimestamp(3) != null
            && rs.getTimestamp(3).toInstant().isAfter(now)) {
          return new Lease(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant());
        }
      }
    }
    Tier t = Tier.PROTOTYPE;
    Lease lease = new Lease(t.wireName(), now, now.plus(Duration.ofDays(t.leaseDays())));
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE internal.wallets SET tier = ?, lease_started_at = ?, lease_expires_at = ? WHERE address = ?")) {
      ps.setString(1, lease.tier());
      ps.setTimestamp(2, Timestamp.from(lease.startedAt()));
      ps.setTimestamp(3, Timestamp.from(lease.expiresAt()));
      ps.setString(4, address);
      ps.executeUpdate();
    }
    return lease;
  }

  static Lease leaseOf(Connection c, String address) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT tier, lease_started_at, lease_expires_at FROM internal.wallets WHERE address = ?")) {
      ps.setString(1, address);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next() && rs.getTimestamp(3) != null) {
          return new Lease(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant());
        }
        return null;
      }
    }
  }
}

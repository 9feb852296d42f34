package com.run402.local.runtime.tiers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** The tier lease columns of internal.wallets, read and written inside the caller's transaction. */
final class WalletLeases {
  private WalletLeases() {}

  /** A wallet's stored lease (tier null when it never subscribed). */
  record Lease(String tier, Instant startedAt, Instant expiresAt) {
    boolean activeAt(Instant now) {
      return tier != null && expiresAt != null && expiresAt.isAfter(now);
    }
  }

  static final Lease NONE = new Lease(null, null, null);

  static Lease lock(Connection c, String address, String checksum, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO internal.wallets (address, checksum_address, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?) "
            + "ON CONFLICT (address) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at")) {
      ps.setString(1, address);
      ps.setString(2, checksum);
      ps.setTimestamp(3, Timestamp.from(now));
      ps.setTimestamp(4, Timestamp.from(now));
      ps.executeUpdate();
    }
    return read(c, address, true);
  }

  static Lease read(Connection c, String address, boolean forUpdate) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT tier, lease_started_at, lease_expires_at "
        + "FROM internal.wallets WHERE address = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
      ps.setString(1, address);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return NONE;
        }
        Timestamp s = rs.getTimestamp(2);
        Timestamp e = rs.getTimestamp(3);
        return new Lease(rs.getString(1), s == null ? null : s.toInstant(), e == null ? null : e.toInstant());
      }
    }
  }

  static void write(Connection c, String address, Lease l) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE internal.wallets SET tier = ?, lease_started_at = ?, lease_expires_at = ? WHERE address = ?")) {
      ps.setString(1, l.tier());
      ps.setTimestamp(2, Timestamp.from(l.startedAt()));
      ps.setTimestamp(3, Timestamp.from(l.expiresAt()));
      ps.setString(4, address);
      ps.executeUpdate();
    }
  }

  /** Projects, API calls and storage of the wallet's active projects. */
  record Pool(long projects, long apiCalls, long storageBytes) {}

  static Pool pool(Connection c, String address) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*), coalesce(sum(u.api_calls), 0), "
        + "coalesce(sum(u.storage_bytes), 0) FROM internal.projects p LEFT JOIN internal.usage_counters u "
        + "ON u.project_id = p.id WHERE p.wallet_address = ? AND p.status = 'active'")) {
      ps.setString(1, address);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new Pool(rs.getLong(1), rs.getLong(2), rs.getLong(3));
      }
    }
  }
}

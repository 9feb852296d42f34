package com.run402.local.runtime.x402;

import com.run402.local.runtime.chain.MockChain;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Every payment a route took (or, in free mode, waived), for {@code GET /__local/payments}. */
public final class PaymentLedger {
  /** One ledger row; {@code mode} is x402, free or facilitator. */
  public record Entry(long id, String txHash, String payer, String payTo, long amount, String route, String network,
      String mode, Instant time) {}

  private final MockChain chain;

  public PaymentLedger(MockChain chain) {
    this.chain = chain;
  }

  static void record(Connection c, String txHash, String payer, String payTo, long amount, String route,
      String network, String mode, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO payments (tx_hash, payer, pay_to, amount, route, "
        + "network, mode, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, txHash);
      ps.setString(2, payer);
      ps.setString(3, payTo.toLowerCase(java.util.Locale.ROOT));
      ps.setLong(4, amount);
      ps.setString(5, route.length() > 200 ? route.substring(0, 200) : route);
      ps.setString(6, network);
      ps.setString(7, mode);
      ps.setTimestamp(8, Timestamp.from(now));
      ps.executeUpdate();
    }
  }

  /** Newest first; {@code payer} (lower-case) filters when not null. */
  public List<Entry> list(String payer, int limit) {
    String sql = "SELECT id, tx_hash, payer, pay_to, amount, route, network, mode, created_at FROM payments"
        + (payer == null ? "" : " WHERE payer = ?") + " ORDER BY id DESC LIMIT ?";
    try (Connection c = chain.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      if (payer != null) {
        ps.setString(i++, payer);
      }
      ps.setInt(i, limit);
      List<Entry> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
              rs.getString(6), rs.getString(7), rs.getString(8),
              rs.getObject(9, java.time.OffsetDateTime.class).toInstant()));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("ledger read failed: " + e.getMessage(), e);
    }
  }
}

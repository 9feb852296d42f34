package com.run402.local.runtime.chain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.error.ApiException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * {@code POST /faucet/v1} (legacy-gateway 1.18): mints test USDC on the mock chain. One drip per
 * address per cooldown (production counts per IP; per address is what a single-machine emulator can
 * tell apart). An Idempotency-Key replays the first reply without a second drip.
 */
public final class Faucet {
  private final MockChain chain;
  private final ObjectMapper json;
  private final Clock clock;
  private final long dripMicros;
  private final Duration cooldown;

  public Faucet(MockChain chain, ObjectMapper json, Clock clock, long dripMicros, Duration cooldown) {
    this.chain = chain;
    this.json = json;
    this.clock = clock;
    this.dripMicros = dripMicros;
    this.cooldown = cooldown;
  }

  public ObjectNode drip(String rawAddress, String idempotencyKey) {
    if (!Addresses.valid(rawAddress)) {
      throw ApiException.badRequest("invalid_address", "Invalid or missing Ethereum address");
    }
    if (idempotencyKey != null && idempotencyKey.length() > 256) {
      throw ApiException.badRequest("invalid_idempotency_key", "Idempotency-Key too long (max 256 characters)");
    }
    String address = Addresses.canonical(rawAddress);
    Instant now = clock.instant();
    try (Connection c = chain.connection()) {
      c.setAutoCommit(false);
      try {
        if (idempotencyKey != null) {
          ObjectNode prior = replay(c, idempotencyKey, address);
          if (prior != null) {
            c.rollback();
            return prior;
          }
        }
        cooldown(c, address, now);
        ChainTx tx = chain.store().mint(c, address, dripMicros, now);
        ObjectNode out = json.createObjectNode();
        out.put("transaction_hash", tx.hash());
        out.put("amount_usd_micros", dripMicros);
        out.put("token", "USDC");
        out.put("network", BaseSepolia.V1_NETWORK);
        if (idempotencyKey != null) {
          try (PreparedStatement ps = c.prepareStatement("INSERT INTO faucet_replies VALUES (?, ?, ?)")) {
            ps.setString(1, idempotencyKey);
            ps.setString(2, address);
            ps.setString(3, out.toString());
            ps.executeUpdate();
          }
        }
        c.commit();
        return out;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      if ("23505".equals(e.getSQLState())) {
        throw ApiException.conflict("idempotency_conflict", "A request with this Idempotency-Key is in flight; retry");
      }
      throw new IllegalStateException("faucet failed: " + e.getMessage(), e);
    }
  }

  private ObjectNode replay(Connection c, String key, String address) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT address, reply FROM faucet_replies WHERE idem_key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        if (!rs.getString(1).equals(address)) {
          throw new ApiException(422, "idempotency_key_reused", "Idempotency-Key already used with a different request");
        }
        return (ObjectNode) json.readTree(rs.getString(2));
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private void cooldown(Connection c, String address, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT last_at FROM faucet_drips WHERE address = ? FOR UPDATE")) {
      ps.setString(1, address);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          Instant next = rs.getObject(1, java.time.OffsetDateTime.class).toInstant().plus(cooldown);
          if (next.isAfter(now)) {
            long s = Math.max(1, Duration.between(now, next).toSeconds());
            throw new ApiException(429, "rate_limited", "Rate limit exceeded. One drip per " + human(cooldown)
                + ". Retry after " + s + "s", Map.of("retry_after_seconds", s), Map.of("Retry-After", Long.toString(s)));
          }
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement("MERGE INTO faucet_drips KEY (address) VALUES (?, ?)")) {
      ps.setString(1, address);
      ps.setTimestamp(2, Timestamp.from(now));
      ps.executeUpdate();
    }
  }

  private static String human(Duration d) {
    return d.toHours() > 0 && d.toMinutes() % 60 == 0 ? d.toHours() + " hours" : d.toSeconds() + " seconds";
  }
}

package com.run402.local.runtime.chain;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Reads and state transitions of the mock chain. Writers take the caller's connection so that a
 * settlement is one H2 transaction the caller commits (or rolls back) when its own work is done.
 * Addresses are lower-case.
 */
public final class ChainStore {
  /** A state transition refused by the chain's rules. */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    private final String reason;

    Refused(String reason, String message) {
      super(message);
      this.reason = reason;
    }

    /** {@code nonce_used} or {@code insufficient_funds}. */
    public String reason() {
      return reason;
    }
  }

  private final MockChain chain;

  ChainStore(MockChain chain) {
    this.chain = chain;
  }

  public long balance(String address) {
    try (Connection c = chain.connection()) {
      return balance(c, address);
    } catch (SQLException e) {
      throw new IllegalStateException("chain read failed: " + e.getMessage(), e);
    }
  }

  static long balance(Connection c, String address) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT micros FROM balances WHERE address = ?")) {
      ps.setString(1, address);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    }
  }

  public boolean nonceUsed(String authorizer, String nonce) {
    try (Connection c = chain.connection();
        PreparedStatement ps = c.prepareStatement("SELECT 1 FROM nonces WHERE authorizer = ? AND nonce = ?")) {
      ps.setString(1, authorizer);
      ps.setString(2, nonce);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("chain read failed: " + e.getMessage(), e);
    }
  }

  public long blockNumber() {
    try (Connection c = chain.connection();
        PreparedStatement ps = c.prepareStatement("SELECT number FROM chain_head WHERE id = 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0L;
    } catch (SQLException e) {
      throw new IllegalStateException("chain read failed: " + e.getMessage(), e);
    }
  }

  public Optional<ChainTx> tx(String hash) {
    try (Connection c = chain.connection(); PreparedStatement ps = c.prepareStatement(
        "SELECT hash, block, from_addr, to_addr, amount, kind, status, created_at FROM txs WHERE hash = ?")) {
      ps.setString(1, hash.toLowerCase(java.util.Locale.ROOT));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new ChainTx(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
            rs.getLong(5), rs.getString(6), rs.getInt(7), rs.getObject(8, java.time.OffsetDateTime.class).toInstant()));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("chain read failed: " + e.getMessage(), e);
    }
  }

  /** The faucet's mint: new test USDC credited to {@code to}. */
  public ChainTx mint(Connection c, String to, long amount, Instant now) throws SQLException {
    credit(c, to, amount);
    return mine(c, "0x0000000000000000000000000000000000000000", to, amount, "mint", "", now);
  }

  /**
   * An EIP-3009 transferWithAuthorization: marks the nonce used (the primary key makes the nonce
   * one-shot even under concurrency: a second writer waits, then fails), debits, credits, mines.
   */
  public ChainTx transfer(Connection c, String from, String to, long amount, String nonce, String kind, Instant now)
      throws SQLException, Refused {
    String hash = hash(kind, from, to, amount, nonce);
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO nonces (authorizer, nonce, tx_hash) VALUES (?, ?, ?)")) {
      ps.setString(1, from);
      ps.setString(2, nonce);
      ps.setString(3, hash);
      ps.executeUpdate();
    } catch (SQLException e) {
      if ("23505".equals(e.getSQLState())) {
        throw new Refused("nonce_used", "Authorization nonce " + nonce + " of " + from + " was already used");
      }
      throw e;
    }
    if (amount > 0) {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE balances SET micros = micros - ? WHERE address = ? AND micros >= ?")) {
        ps.setLong(1, amount);
        ps.setString(2, from);
        ps.setLong(3, amount);
        if (ps.executeUpdate() == 0) {
          throw new Refused("insufficient_funds", "Payer " + from + " has " + BaseSepolia.usd(balance(c, from))
              + " USDC, needs " + BaseSepolia.usd(amount));
        }
      }
      credit(c, to, amount);
    }
    return mine(c, from, to, amount, kind, hash, now);
  }

  private static void credit(Connection c, String to, long amount) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "MERGE INTO balances b USING (VALUES (CAST(? AS VARCHAR(42)), CAST(? AS BIGINT))) v(a, m) ON b.address = v.a "
            + "WHEN MATCHED THEN UPDATE SET micros = b.micros + v.m WHEN NOT MATCHED THEN INSERT VALUES (v.a, v.m)")) {
      ps.setString(1, to);
      ps.setLong(2, amount);
      ps.executeUpdate();
    }
  }

  private static ChainTx mine(Connection c, String from, String to, long amount, String kind, String hash, Instant now)
      throws SQLException {
    long block;
    try (PreparedStatement up = c.prepareStatement("UPDATE chain_head SET number = number + 1 WHERE id = 1");
        PreparedStatement q = c.prepareStatement("SELECT number FROM chain_head WHERE id = 1")) {
      up.executeUpdate();
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        block = rs.getLong(1);
      }
    }
    String h = hash.isEmpty() ? hash(kind, from, to, amount, "block-" + block + "-" + System.nanoTime()) : hash;
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO txs VALUES (?, ?, ?, ?, ?, ?, 1, ?)")) {
      ps.setString(1, h);
      ps.setLong(2, block);
      ps.setString(3, from);
      ps.setString(4, to);
      ps.setLong(5, amount);
      ps.setString(6, kind);
      ps.setTimestamp(7, Timestamp.from(now));
      ps.executeUpdate();
    }
    return new ChainTx(h, block, from, to, amount, kind, 1, now);
  }

  /** A well-formed, unique 32-byte hash (the nonce makes a transfer's hash unique per payer). */
  private static String hash(String kind, String from, String to, long amount, String salt) {
    String s = BaseSepolia.CHAIN_ID + "|" + kind + "|" + from + "|" + to + "|" + amount + "|" + salt;
    return Numeric.toHexString(Hash.sha3(s.getBytes(StandardCharsets.UTF_8)));
  }
}

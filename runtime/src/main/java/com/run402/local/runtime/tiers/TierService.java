package com.run402.local.runtime.tiers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.chain.BaseSepolia;
import com.run402.local.runtime.db.Idempotency;
import com.run402.local.runtime.x402.Payments;
import com.run402.local.runtime.x402.PendingSettlement;
import com.run402.local.runtime.x402.Settlement;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Wallet tiers: the quote, the status and {@code POST /tiers/v1/:tier} (subscribe, renew, upgrade,
 * downgrade). The lease is written in a control-plane transaction committed only after the payment
 * has been written on the chain, and the chain transfer is committed only after that: a failure at
 * any step leaves neither a lease nor a transfer. Lease times come from the emulator clock.
 */
public final class TierService {
  /** Status, body and settlement (null in an idempotent replay) of a tier change. */
  public record Result(int status, ObjectNode body, Settlement settlement) {}

  private final DataSource admin;
  private final Payments payments;
  private final ObjectMapper json;
  private final Clock clock;
  private final TierViews views;
  private final java.util.function.Consumer<String> leaseChanged;

  /** {@code leaseChanged} is told the wallet whose lease a committed tier change moved (the lease cache drops it). */
  public TierService(DataSource admin, Payments payments, ObjectMapper json, Clock clock,
      java.util.function.Consumer<String> leaseChanged) {
    this.leaseChanged = leaseChanged;
    this.admin = admin;
    this.payments = payments;
    this.json = json;
    this.clock = clock;
    this.views = new TierViews(json);
  }

  public TierViews views() {
    return views;
  }

  /** The wallet's lease if one is active now, else null. */
  public ObjectNode activeLease(String address) {
    try (Connection c = admin.getConnection()) {
      WalletLeases.Lease l = WalletLeases.read(c, address, false);
      return l.activeAt(clock.instant()) ? views.lease(l) : null;
    } catch (SQLException e) {
      throw new IllegalStateException("tier read failed: " + e.getMessage(), e);
    }
  }

  public ObjectNode status(String address) {
    try (Connection c = admin.getConnection()) {
      WalletLeases.Lease l = WalletLeases.read(c, address, false);
      return views.status(address, l, l.activeAt(clock.instant()), WalletLeases.pool(c, address));
    } catch (SQLException e) {
      throw new IllegalStateException("tier read failed: " + e.getMessage(), e);
    }
  }

  /**
   * Sets the tier of {@code address}, paid by {@code pass} (phase one already done by the caller). With an
   * {@code idempotencyKey} (legacy-gateway 8.1, scoped to the wallet and route): a repeat of a change that went
   * through answers what it answered then and settles nothing, so a client that retries a paid request whose answer
   * it lost is not charged (or renewed) twice. The route names the tier, so the same key on another tier is another
   * request. Concurrent repeats wait on one session lock, held until the answer is stored (after the settlement:
   * should storing it fail, the change stands and a repeat would be charged again).
   */
  public Result set(String address, String checksum, Tier tier, Payments.Pass pass, String route,
      String idempotencyKey) {
    Idempotency.validate(idempotencyKey);
    String scope = route + " " + address;
    String hash = Idempotency.hash(tier.wireName());
    try (Connection c = admin.getConnection()) {
      if (idempotencyKey == null) {
        return change(c, address, checksum, tier, pass, route);
      }
      advisory(c, "pg_advisory_lock", scope + "\n" + idempotencyKey);
      try {
        Optional<Idempotency.Stored> prior = Idempotency.find(c, json, scope, idempotencyKey, hash);
        if (prior.isPresent()) {
          return new Result(prior.get().status(), (ObjectNode) prior.get().body(), null);
        }
        Result r = change(c, address, checksum, tier, pass, route);
        Idempotency.store(c, scope, idempotencyKey, hash, r.status(), r.body().toString());
        return r;
      } finally {
        advisory(c, "pg_advisory_unlock", scope + "\n" + idempotencyKey);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("tier change failed: " + e.getMessage(), e);
    }
  }

  private static void advisory(Connection c, String function, String key) throws SQLException {
    try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT " + function + "(hashtextextended(?, 0))")) {
      ps.setString(1, key);
      ps.execute();
    }
  }

  /** The change itself, in one transaction with the payment's settlement. */
  private Result change(Connection c, String address, String checksum, Tier tier, Payments.Pass pass, String route)
      throws SQLException {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    c.setAutoCommit(false);
    try {
      WalletLeases.Lease current = WalletLeases.lock(c, address, checksum, now);
      TierChange change = TierChange.decide(current, tier, now, WalletLeases.pool(c, address).storageBytes());
      WalletLeases.write(c, address, change.next());
      Settlement settlement;
      try (PendingSettlement pending = payments.prepare(pass, route, address)) {
        c.commit();
        settlement = pending.commit();
      }
      leaseChanged.accept(address);
      long remaining = payments.chain().balance(settlement.payer());
      ObjectNode body = views.setResult(address, change, remaining);
      return new Result(change.action().equals("subscribe") ? 201 : 200, body, settlement);
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /**
   * Phase two of a provision by a wallet without an active tier: inside the provisioning transaction,
   * gives the wallet the prototype lease and writes (uncommitted) the payment. Returns null when the
   * wallet got an active lease meanwhile (nothing is charged).
   */
  public PendingSettlement subscribeForProvision(Connection c, String address, String checksum, Payments.Pass pass,
      String route) throws SQLException {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    WalletLeases.Lease current = WalletLeases.lock(c, address, checksum, now);
    if (current.activeAt(now)) {
      return null;
    }
    WalletLeases.write(c, address, TierChange.decide(current, Tier.PROTOTYPE, now, 0).next());
    return payments.prepare(pass, route, address);
  }

  /** The 402 body fields of a tier route (legacy-gateway 3.3), with the wallet's context when known. */
  public ObjectNode challengeContext(Tier tier, String addressOrNull) {
    ObjectNode n = json.createObjectNode();
    String price = "$" + String.format("%.2f", tier.priceUsdMicros() / 1_000_000.0);
    n.put("tier", tier.wireName());
    n.put("price", price);
    String message = "Payment of " + BaseSepolia.usd(tier.priceUsdMicros()) + " USDC required to set tier '"
        + tier.wireName() + "'.";
    if (addressOrNull != null) {
      try (Connection c = admin.getConnection()) {
        WalletLeases.Lease l = WalletLeases.read(c, addressOrNull, false);
        boolean active = l.activeAt(clock.instant());
        n.put("current_tier", l.tier());
        n.put("current_tier_active", active);
        n.put("lease_expires_at", l.expiresAt() == null ? null : l.expiresAt().toString());
        if (active && tier.wireName().equals(l.tier())) {
          message = "Tier '" + tier.wireName() + "' is already active on this wallet (expires " + l.expiresAt()
              + "). Payment will renew the subscription.";
        } else if (active) {
          message = "Wallet is currently on '" + l.tier() + "' tier (expires " + l.expiresAt() + "). Payment of "
              + BaseSepolia.usd(tier.priceUsdMicros()) + " USDC will switch to '" + tier.wireName() + "'.";
        }
      } catch (SQLException e) {
        throw new IllegalStateException("tier read failed: " + e.getMessage(), e);
      }
    }
    n.put("message", message);
    return n;
  }
}

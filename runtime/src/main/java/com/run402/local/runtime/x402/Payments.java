package com.run402.local.runtime.x402;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.run402.local.runtime.chain.BaseSepolia;
import com.run402.local.runtime.chain.ChainStore;
import com.run402.local.runtime.chain.ChainTx;
import com.run402.local.runtime.chain.MockChain;
import com.run402.local.runtime.error.ApiException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The runtime's two-phase payment API for paid routes:
 * <ol>
 *   <li>{@link #check}: decode and verify the payment header (nothing is written);</li>
 *   <li>the caller does its work in its own transaction;</li>
 *   <li>{@link #prepare} writes the transfer on the chain without committing; the caller commits its
 *       transaction, then {@link PendingSettlement#commit()}. Any failure before that rolls both back.</li>
 * </ol>
 * In {@code free} mode every check passes and the settlement is a zero-value transaction.
 */
public final class Payments {
  /** How long a settlement waits for its turn on the chain. */
  static final long WRITER_WAIT_SECONDS = 10;
  /** What phase one let through: a verified payment, or a free pass (free mode). */
  public record Pass(VerifiedPayment verified, String payer) {
    public boolean free() {
      return verified == null;
    }
  }

  private final MockChain chain;
  private final PaymentOptions options;
  private final ObjectMapper json;
  private final PaymentVerifier verifier;
  private final PaymentLedger ledger;
  private final SecureRandom random = new SecureRandom();
  /**
   * One settlement writes at a time. Every settlement credits the same payTo row and bumps the block
   * counter, so concurrent writers would only queue on H2 row locks (whose waits are coarse); a
   * fair permit makes the queue explicit and bounded. Verification runs outside it, in parallel.
   */
  private final Semaphore writer = new Semaphore(1, true);

  public Payments(MockChain chain, PaymentOptions options, ObjectMapper json) {
    this.chain = chain;
    this.options = options;
    this.json = json;
    this.verifier = new PaymentVerifier(chain.store(), options.wallClock());
    this.ledger = new PaymentLedger(chain);
  }

  public PaymentOptions options() {
    return options;
  }

  public PaymentVerifier verifier() {
    return verifier;
  }

  public PaymentLedger ledger() {
    return ledger;
  }

  public ChainStore chain() {
    return chain.store();
  }

  public ObjectMapper json() {
    return json;
  }

  /** The requirement of a paid route priced at {@code amount} USD micros. */
  public PaymentRequirement requirement(long amount) {
    return PaymentRequirement.usdc(amount, options.payTo());
  }

  /**
   * Phase one. {@code header} is PAYMENT-SIGNATURE (or X-PAYMENT); null when the client sent none.
   * Throws {@link PaymentFailure} (reason {@code payment_required} when there is no header).
   */
  public Pass check(String header, PaymentRequirement req) {
    if (options.free()) {
      String payer = null;
      if (header != null && !header.isBlank()) {
        try {
          payer = PaymentPayload.fromHeader(header, json).authorization().from();
        } catch (PaymentFailure ignored) {
          // free mode does not care what the header says
        }
      }
      return new Pass(null, payer);
    }
    if (header == null || header.isBlank()) {
      throw new PaymentFailure("payment_required", "This route costs " + BaseSepolia.usd(req.amount())
          + " USDC: pay it with x402 (header PAYMENT-SIGNATURE)");
    }
    VerifiedPayment v = verifier.verify(PaymentPayload.fromHeader(header, json), req);
    return new Pass(v, v.payer());
  }

  /**
   * Phase two: the transfer, written and locked but not committed. {@code fallbackPayer} names the
   * payer of a free pass whose request carried no payment (the SIWX wallet).
   */
  public PendingSettlement prepare(Pass pass, String route, String fallbackPayer) {
    Instant now = options.wallClock().instant();
    acquireWriter();
    Connection c = null;
    try {
      c = chain.connection();
      c.setAutoCommit(false);
      ChainTx tx;
      String payTo = options.payTo().toLowerCase(java.util.Locale.ROOT);
      String mode;
      if (pass.free()) {
        String payer = pass.payer() != null ? pass.payer() : fallbackPayer != null ? fallbackPayer : payTo;
        tx = chain.store().transfer(c, payer, payTo, 0, randomNonce(), "free", now);
        mode = PaymentOptions.FREE;
      } else {
        Authorization a = pass.verified().payload().authorization();
        tx = chain.store().transfer(c, a.from(), a.to(), a.value().longValueExact(), a.nonce(), "transfer", now);
        mode = route.equals("facilitator") ? "facilitator" : PaymentOptions.X402;
      }
      PaymentLedger.record(c, tx.hash(), tx.from(), payTo, tx.value(), route, BaseSepolia.NETWORK, mode, now);
      return new PendingSettlement(c, tx, tx.from(), BaseSepolia.NETWORK, writer::release);
    } catch (ChainStore.Refused e) {
      rollback(c);
      writer.release();
      throw new PaymentFailure(e.reason(), e.getMessage());
    } catch (SQLException | RuntimeException e) {
      rollback(c);
      writer.release();
      throw new IllegalStateException("settlement failed: " + e.getMessage(), e);
    }
  }

  private void acquireWriter() {
    try {
      if (!writer.tryAcquire(WRITER_WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new ApiException(503, "chain_busy", "The mock chain did not accept a settlement within "
            + WRITER_WAIT_SECONDS + " s; retry");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "chain_busy", "Interrupted while waiting for the mock chain; retry");
    }
  }

  /** Verify and settle in one go (facilitator, benchmark): the chain is the only party. */
  public Settlement settleNow(PaymentPayload payload, PaymentRequirement req, String route) {
    VerifiedPayment v = verifier.verify(payload, req);
    try (PendingSettlement s = prepare(new Pass(v, v.payer()), route, null)) {
      return s.commit();
    }
  }

  private String randomNonce() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return "0x" + HexFormat.of().formatHex(b);
  }

  private static void rollback(Connection c) {
    if (c == null) {
      return;
    }
    try (c) {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is discarded either way
    }
  }
}

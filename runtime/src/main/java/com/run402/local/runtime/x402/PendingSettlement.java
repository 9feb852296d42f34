package com.run402.local.runtime.x402;

import com.run402.local.runtime.chain.ChainTx;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Phase two of a paid request: the transfer is written on the mock chain but not committed. The
 * caller commits its own transaction, then {@link #commit()}; closing without committing rolls the
 * transfer back, so a request whose work or settlement fails leaves no trace on either side. Row
 * locks it holds (payer balance, nonce) are released by commit or close.
 */
public final class PendingSettlement implements AutoCloseable {
  private final Connection c;
  private final ChainTx tx;
  private final String payer;
  private final String network;
  private final Runnable release;
  private boolean done;
  private boolean released;

  PendingSettlement(Connection c, ChainTx tx, String payer, String network, Runnable release) {
    this.c = c;
    this.release = release;
    this.tx = tx;
    this.payer = payer;
    this.network = network;
  }

  public ChainTx tx() {
    return tx;
  }

  public String payer() {
    return payer;
  }

  /** Makes the transfer final and returns the settlement response the client receives. */
  public Settlement commit() {
    try {
      c.commit();
      done = true;
      releaseOnce();
      return new Settlement(true, tx.hash(), network, payer, tx.value());
    } catch (SQLException e) {
      throw new IllegalStateException("settlement commit failed: " + e.getMessage(), e);
    }
  }

  private void releaseOnce() {
    if (!released) {
      released = true;
      release.run();
    }
  }

  @Override
  public void close() {
    try (c) {
      if (!done) {
        c.rollback();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("settlement rollback failed: " + e.getMessage(), e);
    } finally {
      releaseOnce();
    }
  }
}

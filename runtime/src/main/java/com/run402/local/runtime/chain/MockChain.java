package com.run402.local.runtime.chain;

import com.run402.local.runtime.StartupException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The simulated Base Sepolia: USDC balances (6 decimals), used EIP-3009 nonces, transactions, the
 * block counter, the payment ledger and faucet drips, in H2 (a file under the data dir, in memory
 * when ephemeral). It is a database and nothing else: no code path here opens a socket.
 */
public final class MockChain implements AutoCloseable {
  /** How long a writer waits for a row another settlement holds. */
  static final int LOCK_TIMEOUT_MS = 10_000;

  private final JdbcConnectionPool pool;
  private final ChainStore store;

  private MockChain(JdbcConnectionPool pool) {
    this.pool = pool;
    this.store = new ChainStore(this);
  }

  /** Opens (creating on first use) the chain of a data dir, or a private in-memory one. */
  /** {@link #open} on its own daemon thread, to overlap with PostgreSQL's start (H2 takes ~200 ms to open). */
  public static CompletableFuture<MockChain> openInBackground(Path dataDir, boolean ephemeral) {
    return CompletableFuture.supplyAsync(() -> open(dataDir, ephemeral), r -> {
      Thread t = new Thread(r, "run402-chain-open");
      t.setDaemon(true);
      t.start();
    });
  }

  /** The chain {@link #openInBackground} opened, waiting at most {@code timeout}. */
  public static MockChain await(CompletableFuture<MockChain> opening, Duration timeout) {
    try {
      return opening.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new StartupException("Cannot open the mock chain", e);
    } catch (TimeoutException e) {
      throw new StartupException("The mock chain did not open within " + timeout.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException("Interrupted while opening the mock chain", e);
    }
  }

  public static MockChain open(Path dataDir, boolean ephemeral) {
    String url = ephemeral
        ? "jdbc:h2:mem:chain-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"
        : "jdbc:h2:file:" + dataDir.resolve("chain").resolve("chain").toAbsolutePath();
    JdbcConnectionPool pool = JdbcConnectionPool.create(url + ";LOCK_TIMEOUT=" + LOCK_TIMEOUT_MS, "chain", "");
    pool.setMaxConnections(32);
    pool.setLoginTimeout(10);
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      for (String ddl : ChainSchema.DDL) {
        s.execute(ddl);
      }
    } catch (SQLException e) {
      pool.dispose();
      throw new StartupException("Cannot open the mock chain at " + url + ": " + e.getMessage()
          + ". Is another run402-local using this --data-dir?", e);
    }
    return new MockChain(pool);
  }

  public Connection connection() throws SQLException {
    return pool.getConnection();
  }

  public ChainStore store() {
    return store;
  }

  /** Forgets every balance, nonce, transaction, payment and drip (the block counter restarts). */
  public void reset() {
    try (Connection c = connection(); Statement s = c.createStatement()) {
      for (String t : ChainSchema.TABLES) {
        s.execute("DELETE FROM " + t);
      }
      s.execute("UPDATE chain_head SET number = 0");
    } catch (SQLException e) {
      throw new IllegalStateException("chain reset failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    pool.dispose();
  }
}

package com.run402.local.runtime;

import com.run402.local.runtime.x402.PaymentOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Everything the engine needs to know, resolved once by the caller (CLI or embedding API) and passed
 * down through constructors. No component reads system properties or the environment itself.
 *
 * @param dataDir where Postgres data, secrets and later blobs live
 * @param ephemeral data dir is temporary: Postgres may skip fsync
 * @param cacheDir where the PostgreSQL binaries are extracted (shared between data dirs)
 * @param pgIsolation auto, direct, unshare or setpriv (see ProcessIsolation)
 * @param pgUser the unprivileged user for setpriv mode (null: run402pg, created if possible, else nobody)
 * @param startTimeout how long Postgres may take to accept connections
 * @param sqlStatementTimeout statement_timeout applied to the SQL endpoint
 * @param clock the emulator clock
 * @param payments x402 mode, seller address, faucet drip and cooldown, the real wall clock
 */
public record RuntimeConfig(
    Path dataDir,
    boolean ephemeral,
    Path cacheDir,
    String pgIsolation,
    String pgUser,
    Duration startTimeout,
    Duration sqlStatementTimeout,
    Clock clock,
    PaymentOptions payments) {

  public RuntimeConfig {
    if (dataDir == null || cacheDir == null || clock == null || payments == null) {
      throw new IllegalArgumentException("dataDir, cacheDir, clock and payments are required");
    }
  }

  /** With the default payment options (x402, 0.25 USDC faucet drips every 24 h). */
  public RuntimeConfig(Path dataDir, boolean ephemeral, Path cacheDir, String pgIsolation, String pgUser,
      Duration startTimeout, Duration sqlStatementTimeout, Clock clock) {
    this(dataDir, ephemeral, cacheDir, pgIsolation, pgUser, startTimeout, sqlStatementTimeout, clock,
        PaymentOptions.defaults());
  }

  /** The default cache dir: /var/cache/run402-local as root, else $XDG_CACHE_HOME or ~/.cache. */
  public static Path defaultCacheDir() {
    if ("root".equals(System.getProperty("user.name"))) {
      return Path.of("/var/cache/run402-local");
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    String home = System.getProperty("user.home", ".");
    return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".cache")).resolve("run402-local");
  }
}

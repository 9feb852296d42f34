package com.run402.local.runtime;

import com.run402.local.runtime.mail.webhook.WebhookOptions;
import com.run402.local.runtime.clock.EmulatorClock;
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
 * @param webhooks how mailbox webhooks are retried and timed out (null: production-like defaults)
 * @param clock the base clock; wrapped once into the {@link EmulatorClock} every component gets
 * @param rateLimitPerSecond requests per second per project on REST and SQL (production: 100); 0 = off
 * @param payments x402 mode, seller address, faucet drip and cooldown, the real wall clock
 * @param functions how deployed functions run (Node, npm, warm workers per project)
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
    int rateLimitPerSecond,
    WebhookOptions webhooks,
    PaymentOptions payments,
    com.run402.local.runtime.functions.FunctionsOptions functions) {

  /** Production's per-project request rate. */
  public static final int DEFAULT_RATE_LIMIT = 100;

  public RuntimeConfig {
    if (dataDir == null || cacheDir == null || clock == null) {
      throw new IllegalArgumentException("dataDir, cacheDir and clock are required");
    }
    if (rateLimitPerSecond < 0) {
      throw new IllegalArgumentException("rateLimitPerSecond must be 0 (off) or positive, got " + rateLimitPerSecond);
    }
    clock = EmulatorClock.of(clock);
    webhooks = webhooks == null ? WebhookOptions.defaults() : webhooks;
    payments = payments == null ? PaymentOptions.defaults() : payments;
    functions = functions == null ? com.run402.local.runtime.functions.FunctionsOptions.defaults() : functions;
  }

  /** With the default function runner options. */
  public RuntimeConfig(Path dataDir, boolean ephemeral, Path cacheDir, String pgIsolation, String pgUser,
      Duration startTimeout, Duration sqlStatementTimeout, Clock clock, int rateLimitPerSecond,
      WebhookOptions webhooks, PaymentOptions payments) {
    this(dataDir, ephemeral, cacheDir, pgIsolation, pgUser, startTimeout, sqlStatementTimeout, clock,
        rateLimitPerSecond, webhooks, payments, null);
  }

  /** The same configuration with other function runner options. */
  public RuntimeConfig withFunctions(com.run402.local.runtime.functions.FunctionsOptions options) {
    return new RuntimeConfig(dataDir, ephemeral, cacheDir, pgIsolation, pgUser, startTimeout, sqlStatementTimeout,
        clock, rateLimitPerSecond, webhooks, payments, options);
  }

  /** With production's rate limit, webhook retries and payments (x402, 0.25 USDC faucet drips every 24 h). */
  public RuntimeConfig(Path dataDir, boolean ephemeral, Path cacheDir, String pgIsolation, String pgUser,
      Duration startTimeout, Duration sqlStatementTimeout, Clock clock) {
    this(dataDir, ephemeral, cacheDir, pgIsolation, pgUser, startTimeout, sqlStatementTimeout, clock,
        DEFAULT_RATE_LIMIT, null, null, null);
  }

  /** The same configuration with another per-project rate limit (0 = off). */
  public RuntimeConfig withRateLimit(int perSecond) {
    return new RuntimeConfig(dataDir, ephemeral, cacheDir, pgIsolation, pgUser, startTimeout, sqlStatementTimeout,
        clock, perSecond, webhooks, payments, functions);
  }

  /** The same configuration with other webhook options (tests use short backoffs). */
  public RuntimeConfig withWebhooks(WebhookOptions options) {
    return new RuntimeConfig(dataDir, ephemeral, cacheDir, pgIsolation, pgUser, startTimeout, sqlStatementTimeout,
        clock, rateLimitPerSecond, options, payments, functions);
  }

  /** The same configuration with other payment options. */
  public RuntimeConfig withPayments(PaymentOptions options) {
    return new RuntimeConfig(dataDir, ephemeral, cacheDir, pgIsolation, pgUser, startTimeout, sqlStatementTimeout,
        clock, rateLimitPerSecond, webhooks, options, functions);
  }

  /** The emulator clock (the same object as {@link #clock()}), which tests can move forward. */
  public EmulatorClock emulatorClock() {
    return (EmulatorClock) clock;
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

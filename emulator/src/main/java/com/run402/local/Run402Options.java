package com.run402.local;

import com.run402.local.runtime.RuntimeConfig;
import com.run402.local.runtime.x402.PaymentOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The resolved configuration of one emulator instance. Built by {@link Run402Local#builder()} or by
 * the CLI from flags and {@code RUN402_LOCAL_*} variables; validated by {@link Run402Local#start}.
 *
 * @param host interface to bind (default 127.0.0.1)
 * @param port HTTP port; 0 picks a free one
 * @param dataDir data directory; null means a temporary one deleted on close
 * @param ephemeral delete the data dir on close (always true when dataDir is null)
 * @param cacheDir where PostgreSQL binaries are extracted
 * @param pgIsolation auto, direct, unshare or setpriv
 * @param pgUser unprivileged user for setpriv mode (null: run402pg or nobody)
 * @param startTimeout how long PostgreSQL may take to start
 * @param clock the base of the emulator clock (which tests can move forward from there)
 * @param rateLimitPerSecond requests per second per project on REST and SQL before a 429 (production: 100; 0: off)
 * @param payments {@code --payments x402|free}, the seller address and the faucet's drip and cooldown
 * @param s3Port port of the S3-compatible endpoint (bucket = project id); 0 picks a free one
 */
public record Run402Options(
    String host,
    int port,
    Path dataDir,
    boolean ephemeral,
    Path cacheDir,
    String pgIsolation,
    String pgUser,
    Duration startTimeout,
    Clock clock,
    int rateLimitPerSecond,
    PaymentOptions payments,
    int s3Port) {

  public Run402Options {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(cacheDir, "cacheDir");
    Objects.requireNonNull(startTimeout, "startTimeout");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(payments, "payments");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
    if (s3Port < 0 || s3Port > 65535) {
      throw new IllegalArgumentException("s3Port must be between 0 and 65535, got " + s3Port);
    }
    if (rateLimitPerSecond < 0) {
      throw new IllegalArgumentException("rateLimitPerSecond must be 0 (off) or positive, got " + rateLimitPerSecond);
    }
  }

  RuntimeConfig toRuntimeConfig(Path resolvedDataDir, boolean resolvedEphemeral) {
    return new RuntimeConfig(resolvedDataDir, resolvedEphemeral, cacheDir, pgIsolation, pgUser, startTimeout,
        Duration.ofSeconds(60), clock, rateLimitPerSecond, null, payments);
  }
}

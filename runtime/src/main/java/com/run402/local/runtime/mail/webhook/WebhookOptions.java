package com.run402.local.runtime.mail.webhook;

import java.time.Duration;

/**
 * How webhooks are delivered: attempts per round (a redrive starts a new round), the first retry
 * delay (doubling after each failure), and the connect and whole-request timeouts of one attempt.
 * Passed down from {@code RuntimeConfig}; tests use short backoffs and timeouts.
 */
public record WebhookOptions(int maxAttempts, Duration firstBackoff, Duration connectTimeout,
    Duration requestTimeout) {

  public WebhookOptions {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    for (Duration d : new Duration[] {firstBackoff, connectTimeout, requestTimeout}) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("webhook backoff and timeouts must be positive durations");
      }
    }
  }

  /** Production-like: 5 attempts, 1 s backoff doubling (1, 2, 4, 8 s), 5 s connect, 10 s per attempt. */
  public static WebhookOptions defaults() {
    return new WebhookOptions(5, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10));
  }

  /**
   * The delay before the next attempt after {@code attempt} (1-based, counted over the delivery's
   * life) failed, or null when that attempt ended its round and the delivery is failed_permanent.
   */
  Duration retryAfter(int attempt) {
    int inRound = (attempt - 1) % maxAttempts + 1;
    return inRound >= maxAttempts ? null : firstBackoff.multipliedBy(1L << Math.min(inRound - 1, 16));
  }
}

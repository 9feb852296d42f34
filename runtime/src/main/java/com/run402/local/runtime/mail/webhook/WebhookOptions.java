package com.run402.local.runtime.mail.webhook;

import java.time.Duration;

/**
 * How webhooks are delivered: attempts per delivery, the first retry delay (doubling after each
 * failure), and the connect and whole-request timeouts of one attempt.
 */
public record WebhookOptions(int maxAttempts, Duration firstBackoff, Duration connectTimeout,
    Duration requestTimeout) {
  public static WebhookOptions defaults() {
    return new WebhookOptions(5, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10));
  }
}

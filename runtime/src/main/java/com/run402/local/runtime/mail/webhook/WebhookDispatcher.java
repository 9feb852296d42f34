package com.run402.local.runtime.mail.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers webhook events for real over HTTP on one background thread: POST the stored body with its
 * signature; a 2xx is delivered, anything else (or a timeout) is retried with doubling backoff until
 * {@code maxAttempts}, then the delivery is {@code failed_permanent} (redrive re-queues it). Every
 * attempt is recorded. Closing stops the thread; deliveries still pending stay pending in the store.
 */
final class WebhookDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

  private final DeliveryStore store;
  private final WebhookOptions options;
  private final HttpClient http;
  private final ScheduledExecutorService executor;

  WebhookDispatcher(DeliveryStore store, WebhookOptions options) {
    this.store = store;
    this.options = options;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "run402-mail-webhooks");
      t.setDaemon(true);
      return t;
    });
    this.http = HttpClient.newBuilder().connectTimeout(options.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER).build(); // not our executor: send() blocks on it
  }

  void schedule(String deliveryId, Duration delay) {
    if (executor.isShutdown()) {
      return;
    }
    executor.schedule(() -> attempt(deliveryId), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void attempt(String deliveryId) {
    DeliveryStore.Pending d = store.claim(deliveryId).orElse(null);
    if (d == null) {
      return; // delivered, deleted or reset meanwhile
    }
    long start = System.nanoTime();
    Integer code = null;
    String error = null;
    try {
      HttpRequest req = HttpRequest.newBuilder(URI.create(d.url())).timeout(options.requestTimeout())
          .header("Content-Type", "application/json")
          .header("User-Agent", "run402-local-webhooks")
          .header(WebhookSigner.SIGNATURE_HEADER, WebhookSigner.sign(d.secret(), d.payload()))
          .header(WebhookSigner.ID_HEADER, d.id())
          .header(WebhookSigner.EVENT_HEADER, d.event())
          .POST(HttpRequest.BodyPublishers.ofString(d.payload())).build();
      HttpResponse<Void> res = http.send(req, HttpResponse.BodyHandlers.discarding());
      code = res.statusCode();
      if (code < 200 || code > 299) {
        error = "HTTP " + code;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = "interrupted";
    } catch (Exception e) {
      error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    int attempt = d.attempts() + 1;
    Duration retryIn = error == null || attempt >= options.maxAttempts() ? null
        : options.firstBackoff().multipliedBy(1L << Math.min(attempt - 1, 16));
    store.recordAttempt(d.id(), attempt, code, error, ms, retryIn);
    if (retryIn != null) {
      LOG.debug("Webhook delivery {} attempt {} failed ({}); retrying in {}", d.id(), attempt, error, retryIn);
      schedule(d.id(), retryIn);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("Webhook delivery thread did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package com.run402.local.runtime.mail.webhook;

import java.net.URI;
import com.run402.local.runtime.Lazy;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers webhook events for real over HTTP, one attempt at a time on one scheduler thread: POST
 * the stored body with its signature; a 2xx is delivered, anything else (a status, a connection
 * error, no full response within {@code requestTimeout}) is retried with doubling backoff until the
 * round's {@code maxAttempts}, then the delivery is {@code failed_permanent} (redrive starts a new
 * round). Every attempt is recorded. Closing stops both thread pools; an attempt cut short by closing
 * goes back to pending uncounted, and {@link #resume} picks pending deliveries up on the next start.
 */
final class WebhookDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  private final DeliveryStore store;
  private final WebhookOptions options;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService httpThreads;
  private final Lazy<HttpClient> http;

  WebhookDispatcher(DeliveryStore store, WebhookOptions options, Clock clock) {
    this.store = store;
    this.options = options;
    this.clock = clock;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(named("run402-mail-webhooks"));
    this.httpThreads = Executors.newCachedThreadPool(named("run402-mail-webhooks-http"));
    this.http = new Lazy<>(() -> HttpClient.newBuilder().connectTimeout(options.connectTimeout())
        .executor(httpThreads).followRedirects(HttpClient.Redirect.NEVER).build());
  }

  void schedule(String deliveryId, Duration delay) {
    if (scheduler.isShutdown()) {
      return;
    }
    scheduler.schedule(() -> attempt(deliveryId), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
  }

  /** Schedules every pending delivery at its next attempt time (at once when that has passed). */
  int resume() {
    int n = 0;
    for (DeliveryStore.Due d : store.resumable()) {
      schedule(d.id(), Duration.between(clock.instant(), d.due()));
      n++;
    }
    if (n > 0) {
      LOG.info("Resuming {} pending webhook deliveries", n);
    }
    return n;
  }

  private void attempt(String deliveryId) {
    DeliveryStore.Pending d;
    try {
      d = store.claim(deliveryId).orElse(null);
    } catch (RuntimeException e) {
      LOG.warn("Webhook delivery {} not attempted: {}", deliveryId, e.getMessage());
      return;
    }
    if (d == null) {
      store.abandonOrphans(null, deliveryId); // delivered, reset or claimed meanwhile: nothing; webhook gone: failed
      return;
    }
    long start = System.nanoTime();
    Integer code = null;
    String error = null;
    CompletableFuture<HttpResponse<Void>> call = null;
    try {
      call = http.get().sendAsync(request(d), HttpResponse.BodyHandlers.discarding());
      code = call.get(options.requestTimeout().toMillis(), TimeUnit.MILLISECONDS).statusCode();
      if (code < 200 || code > 299) {
        error = "HTTP " + code;
      }
    } catch (InterruptedException e) {
      call.cancel(true);
      store.release(d.id()); // the engine is stopping: not an attempt, the next start resumes it
      Thread.currentThread().interrupt();
      return;
    } catch (TimeoutException e) {
      call.cancel(true);
      error = "timed out after " + options.requestTimeout().toMillis() + " ms";
    } catch (ExecutionException e) {
      Throwable c = e.getCause() == null ? e : e.getCause();
      error = c instanceof java.net.http.HttpTimeoutException
          ? "timed out after " + options.requestTimeout().toMillis() + " ms"
          : c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    } catch (RuntimeException e) {
      error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    int attempt = d.attempts() + 1;
    Duration retryIn = error == null ? null : options.retryAfter(attempt);
    store.recordAttempt(d.id(), attempt, code, error, ms, retryIn);
    if (retryIn != null) {
      LOG.debug("Webhook delivery {} attempt {} failed ({}); retrying in {}", d.id(), attempt, error, retryIn);
      schedule(d.id(), retryIn);
    }
  }

  private HttpRequest request(DeliveryStore.Pending d) {
    return HttpRequest.newBuilder(URI.create(d.url())).timeout(options.requestTimeout())
        .header("Content-Type", "application/json")
        .header("User-Agent", "run402-local-webhooks")
        .header(WebhookSigner.SIGNATURE_HEADER, WebhookSigner.sign(d.secret(), d.payload()))
        .header(WebhookSigner.ID_HEADER, d.id())
        .header(WebhookSigner.EVENT_HEADER, d.event())
        .POST(HttpRequest.BodyPublishers.ofString(d.payload())).build();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    httpThreads.shutdownNow();
    try {
      if (!scheduler.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          || !httpThreads.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("Webhook delivery threads did not stop within {} s", STOP_TIMEOUT.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}

package com.run402.local.runtime.usage;

import com.run402.local.runtime.error.ApiException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Production's request rate limit (legacy-gateway 0.2): a token bucket per key (here the project,
 * as the docs promise "100 req/s per project") whose capacity and refill rate are both
 * {@code perSecond}. When empty: 429 {@code {"error":"Rate limit exceeded","retry_after":1}} with
 * {@code Retry-After: 1}. Runs on a monotonic clock, not the emulator clock; 0 turns it off.
 */
public final class RateLimiter {
  private static final int MAX_KEYS = 100_000;

  private static final class Bucket {
    double tokens;
    long lastNanos;

    Bucket(double tokens, long lastNanos) {
      this.tokens = tokens;
      this.lastNanos = lastNanos;
    }
  }

  private final int perSecond;
  private final LongSupplier nanos;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(int perSecond) {
    this(perSecond, System::nanoTime);
  }

  RateLimiter(int perSecond, LongSupplier nanos) {
    if (perSecond < 0) {
      throw new IllegalArgumentException("rate limit must be 0 (off) or positive, got " + perSecond);
    }
    this.perSecond = perSecond;
    this.nanos = nanos;
  }

  public int perSecond() {
    return perSecond;
  }

  /** Takes one token for {@code key}, or throws the 429. */
  public void acquire(String key) {
    if (perSecond == 0) {
      return;
    }
    if (buckets.size() > MAX_KEYS) {
      buckets.clear();
    }
    long now = nanos.getAsLong();
    Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(perSecond, now));
    synchronized (b) {
      b.tokens = Math.min(perSecond, b.tokens + (now - b.lastNanos) / 1e9 * perSecond);
      b.lastNanos = now;
      if (b.tokens < 1) {
        throw new ApiException(429, "Rate limit exceeded", "Rate limit exceeded",
            Map.of("retry_after", 1), Map.of("Retry-After", "1"));
      }
      b.tokens -= 1;
    }
  }

  /** Forgets every bucket (emulator reset). */
  public void clear() {
    buckets.clear();
  }
}

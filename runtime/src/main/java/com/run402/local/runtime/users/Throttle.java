package com.run402.local.runtime.users;

import com.run402.local.runtime.error.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fixed-window attempt counters kept in memory, like production's limiters (they reset on restart).
 * One instance per limit; keys are whatever the caller scopes by (project and IP, project and email).
 */
final class Throttle {
  private static final int MAX_KEYS = 100_000;

  private record Window(long start, int count) {}

  private final String what;
  private final int limit;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  Throttle(String what, int limit, Duration window, Clock clock) {
    this.what = what;
    this.limit = limit;
    this.window = window;
    this.clock = clock;
  }

  /** Counts one attempt for {@code key}; a 429 with Retry-After once the window's limit is passed. */
  void hit(String key) {
    long now = clock.millis();
    Window w = count(key, now);
    if (w.count() > limit) {
      long retry = Math.max(1, (w.start() + window.toMillis() - now + 999) / 1000);
      throw new ApiException(429, "rate_limited", "Too many " + what + " attempts. Try again later.",
          Map.of("retry_after", retry), Map.of("Retry-After", Long.toString(retry)));
    }
  }

  /** Counts one attempt for {@code key}; false once the window's limit is passed (the caller answers). */
  boolean tryHit(String key) {
    return count(key, clock.millis()).count() <= limit;
  }

  private Window count(String key, long now) {
    if (windows.size() > MAX_KEYS) {
      windows.values().removeIf(w -> now - w.start() >= window.toMillis());
    }
    return windows.compute(key, (k, old) ->
        old == null || now - old.start() >= window.toMillis() ? new Window(now, 1) : new Window(old.start(), old.count() + 1));
  }

  /** Forgets {@code key}'s attempts (a successful sign-in clears its failures). */
  void clear(String key) {
    windows.remove(key);
  }

  void clearAll() {
    windows.clear();
  }
}

package com.run402.local.runtime.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.run402.local.runtime.error.ApiException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  final AtomicLong nanos = new AtomicLong();
  final RateLimiter limiter = new RateLimiter(3, nanos::get);

  @Test
  void a_full_bucket_then_429_then_refill() {
    for (int i = 0; i < 3; i++) {
      limiter.acquire("p1");
    }
    assertThatThrownBy(() -> limiter.acquire("p1")).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status()).isEqualTo(429);
      assertThat(e.extra()).containsEntry("retry_after", 1);
      assertThat(e.headers()).containsEntry("Retry-After", "1");
    });
    limiter.acquire("p2");
    nanos.addAndGet(400_000_000L); // 0.4 s refills 1.2 tokens
    limiter.acquire("p1");
    assertThatThrownBy(() -> limiter.acquire("p1")).isInstanceOf(ApiException.class);
  }

  @Test
  void zero_turns_it_off() {
    RateLimiter off = new RateLimiter(0, nanos::get);
    for (int i = 0; i < 1000; i++) {
      off.acquire("p");
    }
  }
}

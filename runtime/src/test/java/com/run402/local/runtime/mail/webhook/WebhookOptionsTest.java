package com.run402.local.runtime.mail.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookOptionsTest {

  @Test
  void defaults_are_production_like_five_attempts_backing_off_from_one_second() {
    WebhookOptions o = WebhookOptions.defaults();
    assertThat(o.maxAttempts()).isEqualTo(5);
    assertThat(o.retryAfter(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(o.retryAfter(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.retryAfter(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(o.retryAfter(4)).isEqualTo(Duration.ofSeconds(8));
    assertThat(o.retryAfter(5)).isNull();
  }

  @Test
  void a_redrive_starts_a_new_round_of_attempts() {
    WebhookOptions o = new WebhookOptions(3, Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(1));
    assertThat(o.retryAfter(3)).isNull();
    assertThat(o.retryAfter(4)).isEqualTo(Duration.ofMillis(50));
    assertThat(o.retryAfter(5)).isEqualTo(Duration.ofMillis(100));
    assertThat(o.retryAfter(6)).isNull();
  }

  @Test
  void rejects_nonsense() {
    assertThatThrownBy(() -> new WebhookOptions(0, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WebhookOptions(1, Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

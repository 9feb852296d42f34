package com.run402.local.runtime.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EmulatorClockTest {
  final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
  final EmulatorClock clock = new EmulatorClock(Clock.fixed(t0, ZoneOffset.UTC));

  @Test
  void advances_resets_and_tells_listeners() {
    AtomicInteger calls = new AtomicInteger();
    clock.onChange(calls::incrementAndGet);
    assertThat(clock.advance(Duration.ofDays(8))).isEqualTo(t0.plus(Duration.ofDays(8)));
    assertThat(clock.offset()).isEqualTo(Duration.ofDays(8));
    assertThat(clock.millis()).isEqualTo(t0.plus(Duration.ofDays(8)).toEpochMilli());
    clock.reset();
    assertThat(clock.instant()).isEqualTo(t0);
    assertThat(calls.get()).isEqualTo(2);
  }

  @Test
  void never_moves_backwards_and_wraps_once() {
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThat(EmulatorClock.of(clock)).isSameAs(clock);
  }

  @Test
  void another_zone_shares_the_offset() {
    Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));
    clock.advance(Duration.ofHours(1));
    assertThat(paris.instant()).isEqualTo(t0.plus(Duration.ofHours(1)));
  }
}

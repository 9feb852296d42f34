package com.run402.local.runtime.leases;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LeaseStateTest {
  final Instant exp = Instant.parse("2026-01-08T00:00:00Z");

  LeaseState at(Duration afterExpiry) {
    return LeaseState.of(exp, exp.plus(afterExpiry));
  }

  @Test
  void follows_the_lifecycle_from_the_expiry() {
    assertThat(at(Duration.ofSeconds(-1))).isEqualTo(LeaseState.ACTIVE);
    assertThat(at(Duration.ZERO)).isEqualTo(LeaseState.EXPIRED);
    assertThat(at(Duration.ofDays(7).minusMillis(1))).isEqualTo(LeaseState.EXPIRED);
    assertThat(at(Duration.ofDays(7))).isEqualTo(LeaseState.ARCHIVED);
    assertThat(at(Duration.ofDays(37).minusMillis(1))).isEqualTo(LeaseState.ARCHIVED);
    assertThat(at(Duration.ofDays(37))).isEqualTo(LeaseState.DELETED);
    assertThat(LeaseState.of(null, exp)).as("no lease: never expires").isEqualTo(LeaseState.ACTIVE);
  }

  @Test
  void knows_its_boundaries() {
    assertThat(LeaseState.EXPIRED.enteredAt(exp)).isEqualTo(exp);
    assertThat(LeaseState.EXPIRED.nextTransitionAt(exp)).isEqualTo(exp.plus(Duration.ofDays(7)));
    assertThat(LeaseState.ARCHIVED.nextTransitionAt(exp)).isEqualTo(exp.plus(Duration.ofDays(37)));
    assertThat(LeaseState.ACTIVE.readable()).isTrue();
    assertThat(LeaseState.EXPIRED.writable()).isFalse();
    assertThat(LeaseState.ARCHIVED.readable()).isFalse();
  }
}

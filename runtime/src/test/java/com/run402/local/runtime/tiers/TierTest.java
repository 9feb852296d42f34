package com.run402.local.runtime.tiers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TierTest {
  private static final long MB = 1024L * 1024L;

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource({
      "PROTOTYPE, prototype, 100000,   7, 250,   500000",
      "HOBBY,     hobby,     5000000,  30, 1024,  5000000",
      "TEAM,      team,      20000000, 30, 10240, 50000000"})
  void seed_values_match_the_production_tier_table(
      Tier tier, String wire, long priceMicros, int leaseDays, long storageMb, long apiCalls) {
    assertThat(tier.wireName()).isEqualTo(wire);
    assertThat(tier.priceUsdMicros()).isEqualTo(priceMicros);
    assertThat(tier.leaseDays()).isEqualTo(leaseDays);
    assertThat(tier.storageLimitBytes()).isEqualTo(storageMb * MB);
    assertThat(tier.apiCallsLimit()).isEqualTo(apiCalls);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource({
      "PROTOTYPE, 15,  10, 128, 10",
      "HOBBY,     50,  30, 256, 50",
      "TEAM,      250, 60, 512, 200"})
  void function_and_secret_limits_are_seeded(Tier tier, int functions, int timeout, int memory, int secrets) {
    assertThat(tier.maxFunctions()).isEqualTo(functions);
    assertThat(tier.functionTimeoutSeconds()).isEqualTo(timeout);
    assertThat(tier.functionMemoryMb()).isEqualTo(memory);
    assertThat(tier.maxSecrets()).isEqualTo(secrets);
  }

  @Test
  void team_storage_is_ten_gibibytes_without_int_overflow() {
    assertThat(Tier.TEAM.storageLimitBytes()).isEqualTo(10_737_418_240L);
  }

  @Test
  void parse_accepts_each_wire_name() {
    for (Tier t : Tier.values()) {
      assertThat(Tier.parse(t.wireName())).contains(t);
    }
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"", "Prototype", "HOBBY", "enterprise", " team"})
  void parse_rejects_anything_else(String name) {
    assertThat(Tier.parse(name)).isEmpty();
  }

  @Test
  void parse_of_null_is_empty() {
    assertThat(Tier.parse(null)).isEmpty();
  }
}

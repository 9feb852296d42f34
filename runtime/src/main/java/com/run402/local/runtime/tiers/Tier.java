package com.run402.local.runtime.tiers;

import java.util.Locale;
import java.util.Optional;

/** The seed tier table (legacy-gateway 4.1): prices in USD micros, limits per project. */
public enum Tier {
  PROTOTYPE(100_000L, 7, 250, 500_000L, 15, 10, 128, 10),
  HOBBY(5_000_000L, 30, 1024, 5_000_000L, 50, 30, 256, 50),
  TEAM(20_000_000L, 30, 10240, 50_000_000L, 250, 60, 512, 200);

  private final long priceUsdMicros;
  private final int leaseDays;
  private final int storageMb;
  private final long apiCalls;
  private final int maxFunctions;
  private final int functionTimeoutSeconds;
  private final int functionMemoryMb;
  private final int maxSecrets;
  private final String wire;
  private static final Tier[] ALL = values();

  Tier(long priceUsdMicros, int leaseDays, int storageMb, long apiCalls, int maxFunctions,
      int functionTimeoutSeconds, int functionMemoryMb, int maxSecrets) {
    this.priceUsdMicros = priceUsdMicros;
    this.leaseDays = leaseDays;
    this.storageMb = storageMb;
    this.apiCalls = apiCalls;
    this.maxFunctions = maxFunctions;
    this.functionTimeoutSeconds = functionTimeoutSeconds;
    this.functionMemoryMb = functionMemoryMb;
    this.maxSecrets = maxSecrets;
    this.wire = name().toLowerCase(Locale.ROOT);
  }

  /** Lower-case wire name ("prototype"). */
  public String wireName() {
    return wire;
  }

  /** The tier of a wire name; a plain loop, since every metered request (a function call) parses one. */
  public static Optional<Tier> parse(String name) {
    for (Tier t : ALL) { // values() would clone the array each time
      if (t.wireName().equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  public long priceUsdMicros() {
    return priceUsdMicros;
  }

  public int leaseDays() {
    return leaseDays;
  }

  public long storageLimitBytes() {
    return storageMb * 1024L * 1024L;
  }

  public long apiCallsLimit() {
    return apiCalls;
  }

  public int maxFunctions() {
    return maxFunctions;
  }

  public int functionTimeoutSeconds() {
    return functionTimeoutSeconds;
  }

  public int functionMemoryMb() {
    return functionMemoryMb;
  }

  public int maxSecrets() {
    return maxSecrets;
  }

  /** Shortest gap between two runs of a scheduled function, in minutes (api-contract 2.3: 15 / 5 / 1). */
  public int minScheduleMinutes() {
    return this == PROTOTYPE ? 15 : this == HOBBY ? 5 : 1;
  }

  /** Scheduled functions allowed per project (1 / 3 / 10). */
  public int maxScheduledFunctions() {
    return this == PROTOTYPE ? 1 : this == HOBBY ? 3 : 10;
  }
}

package com.run402.local.runtime.apply;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Ids of plans, operations, releases and content plans: a prefix and 16 random hex digits. */
final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  static String next(String prefix) {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return prefix + "_" + HexFormat.of().formatHex(b);
  }

  /** A legacy deployment id: production's {@code dpl_<ms>_<hex>}. */
  static String deployment(long epochMillis) {
    byte[] b = new byte[3];
    RANDOM.nextBytes(b);
    return "dpl_" + epochMillis + "_" + HexFormat.of().formatHex(b);
  }
}

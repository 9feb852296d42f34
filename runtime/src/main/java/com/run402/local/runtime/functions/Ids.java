package com.run402.local.runtime.functions;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Ids of calls, runs and attempts ({@code req_}, {@code fnrun_}, {@code fnatt_} + 24 hex): unique, not secrets. */
final class Ids {
  private Ids() {}

  static String next(String prefix) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    HexFormat hex = HexFormat.of();
    return prefix + hex.toHexDigits(r.nextLong()) + hex.toHexDigits(r.nextInt());
  }
}

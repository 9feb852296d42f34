package com.run402.local.runtime.rest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Per-request phase durations for the Server-Timing header; each lap ends the named phase. */
final class Timing {
  private final Map<String, Double> phases = new LinkedHashMap<>();
  private long last = System.nanoTime();

  void lap(String phase) {
    long now = System.nanoTime();
    phases.merge(phase, (now - last) / 1_000_000.0, Double::sum);
    last = now;
  }

  /** {@code jwt;dur=0.1, parse;dur=0.2, ...} in PostgREST's order. */
  String header() {
    lap("response");
    return java.util.stream.Stream.of("jwt", "parse", "plan", "transaction", "response")
        .map(p -> p + ";dur=" + String.format(java.util.Locale.ROOT, "%.1f", phases.getOrDefault(p, 0.0)))
        .collect(Collectors.joining(", "));
  }
}

package com.run402.local.runtime.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.runtime.error.ApiException;

/**
 * A run's retry policy ({@code retry: {max_attempts, min_delay_seconds, max_delay_seconds}}); attempt {@code n}
 * failing with 429 or 5xx is retried after {@code min * 2^(n-1)} seconds, at most {@code max}.
 */
record Retry(int maxAttempts, int minDelay, int maxDelay) {

  /** {@code node} over {@code defaults}; absent or null: the defaults. */
  static Retry parse(JsonNode node, Retry defaults) {
    if (node == null || node.isNull()) {
      return defaults;
    }
    if (!node.isObject()) {
      throw FunctionRuns.bad("retry must be an object {max_attempts?, min_delay_seconds?, max_delay_seconds?}");
    }
    if (node.has("preset")) {
      throw new ApiException(501, "not_emulated", "Retry presets are not emulated by run402-local yet; give "
          + "max_attempts, min_delay_seconds and max_delay_seconds");
    }
    int max = number(node, "max_attempts", defaults.maxAttempts(), 1, 20);
    int min = number(node, "min_delay_seconds", defaults.minDelay(), 0, 86_400);
    int cap = number(node, "max_delay_seconds", Math.max(min, defaults.maxDelay()), min, 7 * 86_400);
    return new Retry(max, min, cap);
  }

  /** Seconds before the attempt after failed attempt {@code n} (1-based). */
  long delayAfter(int n) {
    long d = (long) minDelay << Math.min(30, Math.max(0, n - 1));
    return Math.min(d, maxDelay);
  }

  private static int number(JsonNode node, String field, int fallback, int lo, int hi) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < lo || v.asInt() > hi) {
      throw FunctionRuns.bad("retry." + field + " must be a whole number from " + lo + " to " + hi);
    }
    return v.asInt();
  }
}

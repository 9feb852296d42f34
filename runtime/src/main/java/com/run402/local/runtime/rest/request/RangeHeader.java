package com.run402.local.runtime.rest.request;

import com.run402.local.runtime.rest.RestError;

/**
 * The {@code Range: <first>-[<last>]} request header (with {@code Range-Unit: items}), as an
 * offset and an optional limit. PostgREST honours it on GET only (the caller decides). A header
 * that does not have that form is ignored ({@link #ALL}); {@code first > last} is 416 PGRST103.
 */
public record RangeHeader(long offset, Long limit) {

  /** No range requested: everything from offset 0. */
  public static final RangeHeader ALL = new RangeHeader(0, null);

  /**
   * Parses {@code 0-9}, {@code 5-}. A leading {@code unit=} ({@code bytes=1-2}, {@code items=0-9})
   * is tolerated although PostgREST would ignore such a header: the conformance cases spell their
   * ranges that way. Null or unparseable -> {@link #ALL}.
   */
  public static RangeHeader parse(String value) {
    if (value == null) {
      return ALL;
    }
    String v = value;
    int eq = v.indexOf('=');
    if (eq >= 0 && isToken(v.substring(0, eq))) {
      v = v.substring(eq + 1);
    }
    int dash = v.indexOf('-');
    if (dash <= 0) {
      return ALL;
    }
    Long first = digits(v.substring(0, dash));
    String rest = v.substring(dash + 1);
    Long last = rest.isEmpty() ? null : digits(rest);
    if (first == null || (!rest.isEmpty() && last == null)) {
      return ALL;
    }
    if (last == null) {
      return new RangeHeader(first, null);
    }
    if (first > last) {
      throw lowerGreaterThanUpper();
    }
    return new RangeHeader(first, last - first + 1);
  }

  /** 416: {@code limit=-1}. */
  public static RestError negativeLimit() {
    return notSatisfiable("Limit should be greater than or equal to zero.");
  }

  /** 416: {@code Range: 1-0}. */
  public static RestError lowerGreaterThanUpper() {
    return notSatisfiable(
        "The lower boundary must be lower than or equal to the upper boundary in the Range header.");
  }

  /** 416 when a count was requested and the offset is past the end. */
  public static RestError outOfBounds(long offset, long total) {
    return notSatisfiable(
        "An offset of " + offset + " was requested, but there are only " + total + " rows.");
  }

  private static RestError notSatisfiable(String details) {
    return new RestError(416, "PGRST103", "Requested range not satisfiable", details, null);
  }

  private static Long digits(String s) {
    if (s.isEmpty()) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return null;
      }
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException tooBig) {
      return null;
    }
  }

  private static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isLetter(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}

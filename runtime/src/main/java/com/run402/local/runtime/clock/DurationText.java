package com.run402.local.runtime.clock;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the short durations of {@code /__local/clock}: "8d", "36h", "90m", "30s", "1d12h", or ISO "PT36H". */
public final class DurationText {
  private static final Pattern SHORT = Pattern.compile("(?:(\\d{1,6})d)?(?:(\\d{1,7})h)?(?:(\\d{1,9})m)?(?:(\\d{1,10})s)?");

  private DurationText() {}

  /** The duration, or IllegalArgumentException with a message fit for a 400. */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("advance is required, e.g. \"8d\", \"36h\", \"90m\" or \"30s\"");
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("-")) {
      throw new IllegalArgumentException("advance must not be negative: the clock only moves forward");
    }
    if (t.startsWith("p")) {
      try {
        Duration d = Duration.parse(t.toUpperCase(Locale.ROOT));
        if (d.isNegative()) {
          throw new IllegalArgumentException("advance must not be negative: the clock only moves forward");
        }
        return d;
      } catch (DateTimeParseException e) {
        throw bad(text);
      }
    }
    Matcher m = SHORT.matcher(t);
    if (t.isEmpty() || !m.matches()) {
      throw bad(text);
    }
    return Duration.ofDays(num(m.group(1))).plusHours(num(m.group(2))).plusMinutes(num(m.group(3)))
        .plusSeconds(num(m.group(4)));
  }

  private static long num(String g) {
    return g == null ? 0 : Long.parseLong(g);
  }

  private static IllegalArgumentException bad(String text) {
    return new IllegalArgumentException("Invalid duration \"" + text
        + "\": use a number with d, h, m or s (\"8d\", \"36h\", \"90m\", \"30s\") or ISO-8601 (\"PT36H\")");
  }
}

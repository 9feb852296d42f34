package com.run402.local.runtime.rest.request;

import com.run402.local.runtime.rest.RestError;
import com.run402.local.runtime.rest.request.Preferences.Count;
import com.run402.local.runtime.rest.request.Preferences.Handling;
import com.run402.local.runtime.rest.request.Preferences.Missing;
import com.run402.local.runtime.rest.request.Preferences.Resolution;
import com.run402.local.runtime.rest.request.Preferences.Return;
import com.run402.local.runtime.rest.request.Preferences.Tx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The {@code Prefer} header(s), RFC 7240 style as PostgREST reads them: every header is split on
 * ',' and each token trimmed; a preference is recognised by its whole token ({@code count=none}
 * is invalid, not ignored); the first occurrence wins; {@code timezone=} and
 * {@code max-affected=} take any value (Postgres judges the time zone) and are never invalid.
 */
public final class PreferParser {
  private PreferParser() {}

  public static Preferences parse(List<String> headerValues) {
    List<String> tokens = new ArrayList<>();
    if (headerValues != null) {
      for (String h : headerValues) {
        if (h == null || h.isEmpty()) {
          continue;
        }
        for (String t : h.split(",", -1)) {
          tokens.add(t.strip());
        }
      }
    }
    List<String> invalid = new ArrayList<>();
    for (String t : tokens) {
      if (!recognised(t)) {
        invalid.add(t);
      }
    }
    String maxAffected = firstWithPrefix(tokens, "max-affected=");
    return new Preferences(
        first(tokens, Return.values(), r -> r.token, "return="),
        first(tokens, Count.values(), c -> c.token, "count="),
        first(tokens, Resolution.values(), r -> r.token, "resolution="),
        first(tokens, Missing.values(), m -> m.token, "missing="),
        first(tokens, Tx.values(), x -> x.token, "tx="),
        first(tokens, Handling.values(), h -> h.token, "handling="),
        maxAffected == null ? null : Ranges.readInteger(maxAffected),
        firstWithPrefix(tokens, "timezone="),
        List.copyOf(invalid));
  }

  /** 400 PGRST122 when {@code handling=strict} and some preference was invalid. */
  public static void requireValid(Preferences prefs) {
    if (prefs.handling() == Handling.STRICT && !prefs.invalid().isEmpty()) {
      throw new RestError(400, "PGRST122", "Invalid preferences given with handling=strict",
          "Invalid preferences: " + String.join(", ", prefs.invalid()), null);
    }
  }

  /**
   * The given preferences as header tokens in PostgREST's Preference-Applied order (resolution,
   * missing, return, count, tx, handling, timezone, max-affected). max-affected only counts under
   * {@code handling=strict}. The planner drops what it did not honour before formatting.
   */
  public static List<String> appliedTokens(Preferences p) {
    List<String> out = new ArrayList<>();
    if (p.resolution() != null) {
      out.add("resolution=" + p.resolution().token);
    }
    if (p.missing() != null) {
      out.add("missing=" + p.missing().token);
    }
    if (p.ret() != null) {
      out.add("return=" + p.ret().token);
    }
    if (p.count() != null) {
      out.add("count=" + p.count().token);
    }
    if (p.tx() != null) {
      out.add("tx=" + p.tx().token);
    }
    if (p.handling() != null) {
      out.add("handling=" + p.handling().token);
    }
    if (p.timezone() != null) {
      out.add("timezone=" + p.timezone());
    }
    if (p.handling() == Handling.STRICT && p.maxAffected() != null) {
      out.add("max-affected=" + p.maxAffected());
    }
    return out;
  }

  /** Preference-Applied value for the honoured tokens (e.g. {@code t -> !t.startsWith("tx=")}). */
  public static String appliedHeader(Preferences p, Predicate<String> honoured) {
    List<String> kept = new ArrayList<>();
    for (String t : appliedTokens(p)) {
      if (honoured.test(t)) {
        kept.add(t);
      }
    }
    return formatApplied(kept);
  }

  /** Joins with ", "; null (no header) when empty. */
  public static String formatApplied(List<String> tokens) {
    return tokens.isEmpty() ? null : String.join(", ", tokens);
  }

  private static boolean recognised(String t) {
    if (t.startsWith("timezone=") || t.startsWith("max-affected=")) {
      return true;
    }
    return known(t, Return.values(), r -> r.token, "return=")
        || known(t, Count.values(), c -> c.token, "count=")
        || known(t, Resolution.values(), r -> r.token, "resolution=")
        || known(t, Missing.values(), m -> m.token, "missing=")
        || known(t, Tx.values(), x -> x.token, "tx=")
        || known(t, Handling.values(), h -> h.token, "handling=");
  }

  private static <E> boolean known(String t, E[] values, Function<E, String> token, String key) {
    for (E e : values) {
      if (t.equals(key + token.apply(e))) {
        return true;
      }
    }
    return false;
  }

  private static <E> E first(List<String> tokens, E[] values, Function<E, String> token, String key) {
    for (String t : tokens) {
      for (E e : values) {
        if (t.equals(key + token.apply(e))) {
          return e;
        }
      }
    }
    return null;
  }

  private static String firstWithPrefix(List<String> tokens, String prefix) {
    for (String t : tokens) {
      if (t.startsWith(prefix)) {
        return t.substring(prefix.length());
      }
    }
    return null;
  }
}

package com.run402.local.runtime.rest.request;

import com.run402.local.runtime.rest.request.QueryDecoder.Pair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code limit=} / {@code offset=} (possibly embed-scoped) as PostgREST reads them. */
final class Ranges {
  private Ranges() {}

  /**
   * One value per key, the last one winning (PostgREST keeps them in a map). A value that is not
   * an integer is ignored, as PostgREST's {@code readMaybe} makes it "no limit"/"offset 0".
   */
  static List<Scoped<Long>> collect(List<Pair> pairs, boolean offsets) {
    Map<String, Long> byKey = new LinkedHashMap<>();
    for (Pair p : pairs) {
      Long n = readInteger(p.value());
      if (n == null) {
        byKey.remove(p.key());
      } else {
        byKey.put(p.key(), n);
      }
    }
    List<Scoped<Long>> out = new ArrayList<>();
    for (Map.Entry<String, Long> e : byKey.entrySet()) {
      // PostgREST parses the offset's path from the key with "offset" replaced by "limit".
      String key = e.getKey();
      String pathKey = offsets ? key.substring(0, key.length() - "offset".length()) + "limit" : key;
      out.add(new Scoped<>(QueryStringParser.treePath(pathKey).path(), e.getValue()));
    }
    return out;
  }

  /**
   * A negative limit is 416 PGRST103 in PostgREST (at the root; for an embed PostgREST fails
   * internally, we answer the same 416).
   */
  static void requireNonNegativeLimits(List<Scoped<Long>> limits) {
    for (Scoped<Long> l : limits) {
      if (l.value() < 0) {
        throw RangeHeader.negativeLimit();
      }
    }
  }

  /** Haskell's {@code readMaybe :: Maybe Integer} for plain decimals; null if not one. */
  static Long readInteger(String raw) {
    String s = raw.strip();
    int i = s.startsWith("-") ? 1 : 0;
    if (i == s.length()) {
      return null;
    }
    for (int j = i; j < s.length(); j++) {
      if (s.charAt(j) < '0' || s.charAt(j) > '9') {
        return null;
      }
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException tooBig) {
      return null;
    }
  }
}

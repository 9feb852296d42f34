package com.run402.local.server.fuzz;

import java.util.List;
import java.util.Random;

/**
 * Scalar values: mostly plausible for the column's type, often not. The strings never contain the
 * markers {@link FuzzCheck} looks for in responses (Exception, java., …), so an echoed value
 * cannot pass for a leaked stack trace.
 */
public final class FuzzValues {
  private FuzzValues() {}

  static final List<String> WEIRD = List.of("", " ", "null", "NULL", "true", "*", "%", "%%", "_", "\\", "\\\\", "'", "''",
      "\"", "\"\"", "(", ")", "()", "((", "))", ",", ".", "..", ":", "::", "->", "->>", "!", "{", "}", "{}", "[", "]",
      "é", "日本語", "💩", "\u202e", "\u0000", "a\u0000b", "\ufeff", "\ud83d", "tab\there", "line\nbreak", "\r\n",
      "NaN", "Infinity", "-Infinity", "1e309", "-0", "0x1F", "1_000", "９", "١٢٣", "$1", "?", ";", "--", "/*", "*/",
      "'; DROP TABLE items; --", "\" OR 1=1", "$$", "E'\\x00'", "%00", "%25", "%2", "+", "&", "=", "#", "or", "and",
      "not", "eq", "in", "is", "any", "all", "select", "order", "limit");

  static final List<String> INTS = List.of("0", "1", "2", "7", "42", "199", "200", "-1", "2147483647", "2147483648",
      "-2147483649", "9223372036854775807", "9223372036854775808", "99999999999999999999999999999", "1.5", "1e3",
      "0.0", " 1", "1 ", "01", "+1", "--1");

  static final List<String> NUMS = List.of("0", "1.25", "10", "49.99", "-0.5", "1e10", "1e400", "3.14159265358979323846264338",
      "12345678901234567890.12", "NaN", "Infinity", ".5", "5.", "1,5");

  static final List<String> DATES = List.of("2024-01-01", "2024-02-30", "2024-13-01", "1999-12-31", "infinity",
      "-infinity", "epoch", "today", "now", "2024-01-01T00:00:00Z", "2024-01-01 12:00:00+02", "0001-01-01 BC",
      "294277-01-01", "not-a-date", "2024-01-01T25:00:00", "1700000000");

  /**
   * Half the requests are "sane": syntax stays valid so they get past the parser into planning and
   * SQL, where the subtler bugs live; only values go wrong. Set per request by {@link FuzzGen}
   * (requests are generated on the sending thread, so a thread-local is enough).
   */
  static final ThreadLocal<Boolean> SANE = ThreadLocal.withInitial(() -> false);

  /** True one time in {@code n}, never for a sane request: gates every syntax-breaking choice. */
  static boolean chaos(Random r, int n) {
    boolean hit = r.nextInt(n) == 0;
    return hit && !SANE.get();
  }

  /** The whole list, or for a sane request its first {@code validCount} (valid) entries. */
  static <T> T pickSane(Random r, List<T> l, int validCount) {
    return pick(r, SANE.get() ? l.subList(0, validCount) : l);
  }

  public static String string(Random r) {
    switch (r.nextInt(8)) {
      case 0:
        return pick(r, WEIRD);
      case 1:
        return pick(r, WEIRD) + word(r) + pick(r, WEIRD);
      case 2:
        return r.nextInt(10) == 0 ? longString(r) : word(r) + " " + word(r);
      case 3:
        return "item " + (1 + r.nextInt(200));
      case 4:
        return "cat" + (1 + r.nextInt(8));
      default:
        return word(r);
    }
  }

  /** Thousands of characters: query strings and bodies near Jetty's and Postgres's limits. */
  static String longString(Random r) {
    int n = List.of(300, 2_000, 7_000, 20_000).get(r.nextInt(4));
    String unit = pick(r, List.of("a", "é", "日", "(", ",", "%", "\\", "💩"));
    return unit.repeat(n / unit.length());
  }

  static String word(Random r) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789_ ";
    int n = 1 + r.nextInt(8);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString().trim().isEmpty() ? "x" : sb.toString().trim();
  }

  /** A value as text (for query strings and CSV) for a column of coarse type {@code type}. */
  public static String forType(Random r, String type) {
    if (r.nextInt(6) == 0) {
      return string(r);
    }
    switch (type) {
      case "int":
        return r.nextInt(3) == 0 ? pick(r, INTS) : String.valueOf(r.nextInt(210));
      case "num":
        return r.nextBoolean() ? pick(r, NUMS) : String.valueOf(r.nextInt(60) + r.nextInt(100) / 100.0);
      case "bool":
        return pick(r, List.of("true", "false", "t", "f", "yes", "0", "1", "null", "maybe"));
      case "ts":
      case "date":
        return pick(r, DATES);
      case "uuid":
        return pick(r, List.of("c4ca4238-a0b9-3382-8dcc-509a6f75849b", "00000000-0000-0000-0000-000000000000",
            "c4ca4238a0b933828dcc509a6f75849b", "{c4ca4238-a0b9-3382-8dcc-509a6f75849b}", "not-a-uuid", "c4ca4238-zzzz"));
      case "textarr":
        return pick(r, List.of("{t1,u2}", "{}", "{\"a b\",NULL}", "{{a},{b}}", "{a", "t1", "{\"}", "{a,b,c,d,e}"));
      case "intarr":
        return pick(r, List.of("{1,2}", "{}", "{1,NULL}", "{{1,2},{3,4}}", "{1", "{a}", "{99999999999}"));
      case "json":
        return pick(r, List.of("{\"a\":1}", "{}", "[]", "[1,\"x\"]", "1", "\"s\"", "null", "{\"a\":", "{'a':1}",
            "{\"b\":{\"c\":\"v1\"}}", "{\"a\":1e999}"));
      case "range":
        return pick(r, List.of("[1,5)", "(1,5]", "[5,1)", "empty", "[,)", "[1,", "1,5", "[a,b)", "[1,2147483648)"));
      case "tsv":
        return pick(r, List.of("fast", "cats & fast", "'item' & 'number'", "!", "(", "a:*", "cat <-> fast"));
      default:
        return string(r);
    }
  }

  static <T> T pick(Random r, List<T> l) {
    return l.get(r.nextInt(l.size()));
  }
}

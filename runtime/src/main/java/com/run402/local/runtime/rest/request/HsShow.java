package com.run402.local.runtime.rest.request;

/**
 * Haskell's {@code show} for characters and strings. Parsec's "unexpected" texts are shown
 * tokens ({@code "x"} or {@code 'x'}), so a non-ASCII or control character in a query string
 * appears in PGRST100 details the way GHC prints it ({@code "\233"}), not verbatim.
 */
final class HsShow {
  private HsShow() {}

  private static final String[] ASCII = {
    "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "a", "b", "t", "n", "v", "f", "r", "SO", "SI",
    "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS",
    "RS", "US"
  };

  /** {@code show (s :: String)} */
  static String string(String s) {
    int[] cps = s.codePoints().toArray();
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (c == '"') {
        sb.append("\\\"");
      } else {
        lit(sb, c, i + 1 < cps.length ? cps[i + 1] : -1);
      }
    }
    return sb.append('"').toString();
  }

  /** {@code show (c :: Char)} */
  static String ch(int c) {
    StringBuilder sb = new StringBuilder("'");
    if (c == '\'') {
      sb.append("\\'");
    } else {
      lit(sb, c, '\'');
    }
    return sb.append('\'').toString();
  }

  /** showLitChar, with "\&" protecting a numeric escape from a following digit (and \SO from H). */
  private static void lit(StringBuilder sb, int c, int next) {
    if (c > 127) {
      sb.append('\\').append(c);
      if (next >= '0' && next <= '9') {
        sb.append("\\&");
      }
    } else if (c == 127) {
      sb.append("\\DEL");
    } else if (c == '\\') {
      sb.append("\\\\");
    } else if (c >= ' ') {
      sb.append((char) c);
    } else {
      sb.append('\\').append(ASCII[c]);
      if (c == 14 && next == 'H') {
        sb.append("\\&");
      }
    }
  }
}

package com.run402.local.server.fuzz;

import static com.run402.local.server.fuzz.FuzzValues.pick;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Turns decoded key/value pairs into a raw query string: fully percent-encoded (what SDKs send),
 * minimally encoded (what curl users type), then sometimes damaged at the byte level with escapes
 * that are syntactically valid URIs but not valid UTF-8 or PostgREST syntax.
 */
public final class FuzzEncode {
  private FuzzEncode() {}

  /** Escapes java.net.URI still accepts; the decoded bytes are hostile (NUL, invalid or truncated UTF-8, RTL mark). */
  static final List<String> ESCAPES = List.of("%00", "%22", "%27", "%28", "%29", "%2C", "%2E", "%3A", "%3D", "%26", "%7B",
      "%7D", "%5C", "%2A", "%FF", "%C3", "%C3%A9", "%E2%80%AE", "%ED%A0%80", "%F0%9F%92%A9", "%C0%AF", "%0A", "%0D%0A",
      "%25", "%2525", "%20", "+", "%2B", "(", ")", ",", ".", ":", "!", "*", "'", "-", "~", "=", "&", "&&", "==", ";");

  public static String query(Random r, List<String[]> pairs) {
    boolean full = r.nextBoolean();
    StringBuilder sb = new StringBuilder();
    for (String[] kv : pairs) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(encode(kv[0], full));
      if (!(kv[1].isEmpty() && r.nextInt(3) == 0)) {
        sb.append('=').append(encode(kv[1], full));
      }
    }
    String q = sb.toString();
    if (FuzzValues.chaos(r, 8)) {
      q = mangle(r, q);
    }
    return q;
  }

  /** A few byte-level edits: insert an escape, drop or duplicate a slice, truncate. */
  static String mangle(Random r, String q) {
    int edits = 1 + r.nextInt(3);
    StringBuilder sb = new StringBuilder(q);
    for (int i = 0; i < edits; i++) {
      int at = sb.length() == 0 ? 0 : r.nextInt(sb.length() + 1);
      at = safeCut(sb, at);
      switch (r.nextInt(4)) {
        case 0, 1 -> sb.insert(at, pick(r, ESCAPES));
        case 2 -> {
          int end = safeCut(sb, Math.min(sb.length(), at + 1 + r.nextInt(6)));
          sb.delete(at, Math.max(at, end));
        }
        default -> {
          int end = safeCut(sb, Math.min(sb.length(), at + 1 + r.nextInt(10)));
          sb.insert(at, sb.substring(at, Math.max(at, end)));
        }
      }
    }
    return sb.toString();
  }

  /** Moves a cut point off the middle of a %XX escape, which java.net.URI would reject. */
  static int safeCut(StringBuilder sb, int at) {
    for (int back = 1; back <= 2 && at - back >= 0; back++) {
      if (sb.charAt(at - back) == '%') {
        return at - back;
      }
    }
    return at;
  }

  /** Percent-encodes UTF-8; minimal mode keeps what java.net.URI accepts raw in a query (RFC 2396 uric). */
  static String encode(String s, boolean full) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean keep = c >= 0x21 && c < 0x7f && "\"%<>\\^`{|}#&=[]".indexOf(c) < 0
          && (!full || Character.isLetterOrDigit(c) || "-_.~".indexOf(c) >= 0);
      if (keep) {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return sb.toString();
  }

  /** What only a raw socket can send: lone or invalid escapes, raw high bytes, raw brackets. */
  static String rawDamage(Random r, String q) {
    StringBuilder sb = new StringBuilder(q == null ? "" : q);
    int at = safeCut(sb, sb.length() == 0 ? 0 : r.nextInt(sb.length() + 1));
    sb.insert(at, pick(r, List.of("%", "%g1", "%zz", "%%", "%1", "\u00e9", "\u00ff\u00fe", "{", "|", "\"", "<>", "^", "`",
        "[", "]", "\\", "\u0080", "#frag")));
    return sb.toString();
  }
}

package com.run402.local.runtime.rest.request;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits and percent-decodes a raw query string the way http-types' {@code parseQueryReplacePlus
 * True} does for PostgREST: pairs are separated by {@code &} <em>or</em> {@code ;}, a leading
 * {@code ?} is dropped, {@code +} is a space, malformed {@code %} escapes stay literal, and bytes
 * are decoded as UTF-8 with replacement characters.
 */
final class QueryDecoder {
  private QueryDecoder() {}

  /** {@code value} is null when the pair had no {@code =} (PostgREST then ignores the key). */
  record Pair(String key, String value) {}

  static List<Pair> decode(String rawQuery) {
    List<Pair> out = new ArrayList<>();
    if (rawQuery == null) {
      return out;
    }
    String q = rawQuery.startsWith("?") ? rawQuery.substring(1) : rawQuery;
    int start = 0;
    while (start < q.length()) {
      int end = start;
      while (end < q.length() && q.charAt(end) != '&' && q.charAt(end) != ';') {
        end++;
      }
      String piece = q.substring(start, end);
      int eq = piece.indexOf('=');
      out.add(eq < 0
          ? new Pair(urlDecode(piece), null)
          : new Pair(urlDecode(piece.substring(0, eq)), urlDecode(piece.substring(eq + 1))));
      start = end + 1;
    }
    return out;
  }

  static String urlDecode(String s) {
    byte[] in = s.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
    for (int i = 0; i < in.length; i++) {
      byte b = in[i];
      if (b == '+') {
        out.write(' ');
      } else if (b == '%' && i + 2 < in.length && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
        out.write(hex(in[i + 1]) * 16 + hex(in[i + 2]));
        i += 2;
      } else {
        out.write(b);
      }
    }
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }

  private static int hex(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    return -1;
  }
}

package com.run402.local.server.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One generated request: everything needed to send it again and to print it. {@code raw} marks a
 * request the JDK client cannot express (malformed percent escapes, non-ASCII bytes in the request
 * line or a header), sent over a plain socket instead.
 */
public record FuzzRequest(int index, String method, String path, String rawQuery, List<Map.Entry<String, String>> headers,
    byte[] body, boolean raw) {

  public FuzzRequest {
    headers = List.copyOf(headers);
  }

  /** Path plus query, exactly as it goes on the request line. */
  public String target() {
    return rawQuery == null ? path : path + "?" + rawQuery;
  }

  /** Writes, not reads: these are serialized by the runner (see FuzzRunner#send). */
  public boolean mutates() {
    return !method.equals("GET") && !method.equals("HEAD");
  }

  public FuzzRequest withQuery(String q) {
    return new FuzzRequest(index, method, path, q, headers, body, raw);
  }

  public FuzzRequest withHeaders(List<Map.Entry<String, String>> h) {
    return new FuzzRequest(index, method, path, rawQuery, h, body, raw);
  }

  public FuzzRequest withBody(byte[] b) {
    return new FuzzRequest(index, method, path, rawQuery, headers, b, raw);
  }

  /** The query split on '&' (for shrinking); empty when there is none. */
  public List<String> queryParts() {
    List<String> out = new ArrayList<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      out.addAll(List.of(rawQuery.split("&", -1)));
    }
    return out;
  }

  /**
   * A curl command line reproducing the request; {@code secrets} maps real key values to shell
   * variables so the printed line is stable across runs (the keys are minted per run).
   */
  public String curl(String base, Map<String, String> secrets) {
    StringBuilder sb = new StringBuilder("curl -sS -i -X ").append(method).append(' ');
    if (method.equals("HEAD")) {
      sb.append("--head ");
    }
    sb.append("--path-as-is ").append(shell(base + target()));
    for (Map.Entry<String, String> h : headers) {
      String v = h.getValue();
      for (Map.Entry<String, String> s : secrets.entrySet()) {
        v = v.replace(s.getKey(), "${" + s.getValue() + "}");
      }
      sb.append(" -H ").append(v.contains("${") ? "\"" + h.getKey() + ": " + v + "\"" : shell(h.getKey() + ": " + v));
    }
    if (body != null) {
      sb.append(" --data-binary ").append(shell(new String(body, StandardCharsets.ISO_8859_1)));
    }
    if (raw) {
      sb.append("   # sent over a raw socket: curl may normalise what it sends");
    }
    return sb.toString();
  }

  /** Bash $'…' quoting: every byte outside printable ASCII becomes \\xNN, so NULs and UTF-8 survive a copy-paste. */
  static String shell(String latin1) {
    StringBuilder sb = new StringBuilder("$'");
    for (char c : latin1.toCharArray()) {
      if (c == '\'' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c >= 0x20 && c < 0x7f) {
        sb.append(c);
      } else if (c <= 0xff) {
        sb.append(String.format("\\x%02x", (int) c));
      } else {
        for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
          sb.append(String.format("\\x%02x", b & 0xff));
        }
      }
    }
    String s = sb.append('\'').toString();
    return s.length() > 4000 ? s.substring(0, 4000) + "…(truncated, " + s.length() + " chars)'" : s;
  }
}

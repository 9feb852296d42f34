package com.run402.local.runtime.apply;

import com.run402.local.runtime.error.ApiException;

/**
 * Site file paths as stored in a release: relative, {@code /}-separated, no empty, {@code .} or
 * {@code ..} segment, no NUL, control character or backslash, at most 1024 characters. Apply specs must
 * send relative paths (400 otherwise); legacy deployments may send {@code /index.html} (the '/' is dropped).
 */
public final class SitePath {
  public static final int MAX_LENGTH = 1024;

  private SitePath() {}

  /** A path of the apply spec: relative (the SDK sends none with a leading '/'), then {@link #normalize}. */
  public static String relative(String raw, String field) {
    if (raw != null && raw.startsWith("/")) {
      throw bad(field, "path '" + printable(raw) + "' must be relative (no leading '/')");
    }
    return normalize(raw, field);
  }

  /** A legacy path: a leading '/' is dropped; empty, '.', '..' segments, NUL, controls and '\\' are refused. */
  public static String normalize(String raw, String field) {
    if (raw == null || raw.isEmpty()) {
      throw bad(field, "a path is empty");
    }
    String p = raw.startsWith("/") ? raw.substring(1) : raw;
    if (p.isEmpty() || p.length() > MAX_LENGTH) {
      throw bad(field, "path '" + printable(raw) + "' must be 1-" + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\') {
        throw bad(field, "path '" + printable(raw) + "' contains a control character, NUL or backslash");
      }
    }
    for (String seg : p.split("/", -1)) {
      if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
        throw bad(field, "path '" + printable(raw) + "' must not contain empty, '.' or '..' segments");
      }
    }
    return p;
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return b.length() > 200 ? b.substring(0, 200) + "..." : b.toString();
  }

  private static ApiException bad(String field, String why) {
    return new ApiException(400, "invalid_spec", "Invalid " + field + ": " + why,
        java.util.Map.of("code", "INVALID_SPEC", "resource", field));
  }
}

package com.run402.local.runtime.rest.request;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the top level of a Postgres array literal ({@code {a,"b,c",d}}) for {@code eq(any)} style
 * filters. PostgREST itself hands the literal to Postgres, so {@link Filter#value()} keeps it raw
 * and this list is a convenience: quoted elements lose their quotes and backslash escapes,
 * unquoted ones are trimmed, nested {@code {...}} stay verbatim.
 */
final class ArrayLiteral {
  private ArrayLiteral() {}

  /** Null when {@code literal} is not of the form {@code {...}}. */
  static List<String> elements(String literal) {
    String s = literal.strip();
    if (s.length() < 2 || s.charAt(0) != '{' || s.charAt(s.length() - 1) != '}') {
      return null;
    }
    String body = s.substring(1, s.length() - 1);
    List<String> out = new ArrayList<>();
    if (body.isBlank()) {
      return out;
    }
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    int depth = 0;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (quoted) {
        if (c == '\\' && i + 1 < body.length()) {
          cur.append(body.charAt(++i));
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"' && depth == 0) {
        quoted = true;
        wasQuoted = true;
      } else if (c == ',' && depth == 0) {
        out.add(wasQuoted ? cur.toString() : cur.toString().strip());
        cur.setLength(0);
        wasQuoted = false;
      } else {
        if (c == '{') {
          depth++;
        } else if (c == '}') {
          depth--;
        }
        cur.append(c);
      }
    }
    out.add(wasQuoted ? cur.toString() : cur.toString().strip());
    return out;
  }
}

package com.run402.local.runtime.expose;

/**
 * The one place identifiers are quoted for the expose DDL. Every table, column, view, role and
 * policy name passes through here; values never do (they are bound).
 */
public final class Ident {
  private Ident() {}

  /** {@code "name"} with embedded quotes doubled; NUL cannot appear in a Postgres identifier. */
  public static String q(String name) {
    if (name == null || name.isEmpty() || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("not an identifier: " + name);
    }
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** {@code "schema"."name"}. */
  public static String q(String schema, String name) {
    return q(schema) + "." + q(name);
  }

  /** True for a name the manifest may use: 1..63 bytes, no NUL (Postgres truncates longer names). */
  public static boolean valid(String name) {
    return name != null && !name.isEmpty() && name.indexOf('\0') < 0
        && name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 63;
  }
}

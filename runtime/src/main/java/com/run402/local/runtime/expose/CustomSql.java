package com.run402.local.runtime.expose;

import com.run402.local.runtime.sql.SqlText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code custom_sql} of a {@code custom} table policy: only {@code CREATE POLICY <name> ON
 * <table>} statements for that very table. It runs as the project's owner role, so even SQL that
 * slipped through could not leave the project; this check keeps the manifest declarative (no DROP,
 * no GRANT, no policy on another table) and lets the applier run the statements one by one.
 */
public final class CustomSql {
  private static final String IDENT = "(\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)";
  private static final Pattern CREATE_POLICY =
      Pattern.compile("(?is)CREATE\\s+POLICY\\s+" + IDENT + "\\s+ON\\s+" + IDENT + "(?:\\s.*)?");

  private CustomSql() {}

  /** The statements, each a CREATE POLICY on {@code table}; otherwise the problem, for a schema-shape issue. */
  public record Checked(List<String> statements, Optional<String> problem) {}

  public static Checked check(String table, String sql) {
    List<String> stmts = SqlText.statements(sql == null ? "" : sql);
    if (stmts.isEmpty()) {
      return new Checked(List.of(), Optional.of("custom_sql must contain at least one CREATE POLICY statement"));
    }
    List<String> out = new ArrayList<>();
    for (String s : stmts) {
      Matcher m = CREATE_POLICY.matcher(s);
      if (!m.matches()) {
        return new Checked(List.of(), Optional.of("custom_sql may only contain CREATE POLICY <name> ON " + table
            + " ... statements; found: " + abbreviate(s)));
      }
      if (!unquote(m.group(2)).equals(table)) {
        return new Checked(List.of(), Optional.of("custom_sql creates a policy on '" + unquote(m.group(2))
            + "', but it belongs to table '" + table + "' (write the table name without a schema)"));
      }
      out.add(s);
    }
    return new Checked(List.copyOf(out), Optional.empty());
  }

  /** A quoted identifier loses its quotes; an unquoted one folds to lower case, as Postgres does. */
  static String unquote(String ident) {
    if (ident.startsWith("\"")) {
      return ident.substring(1, ident.length() - 1).replace("\"\"", "\"");
    }
    return ident.toLowerCase(Locale.ROOT);
  }

  private static String abbreviate(String s) {
    String one = s.replaceAll("\\s+", " ");
    return one.length() > 60 ? one.substring(0, 60) + "..." : one;
  }
}

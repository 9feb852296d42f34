package com.run402.local.conformance;

import java.io.StringReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * Loads PostgREST's spec fixtures into a fresh database, statement by statement, as the superuser.
 * A statement that fails (PostGIS is not shipped, for one) is recorded and the load goes on; the
 * objects it would have created are remembered so later failures that mention them count as
 * cascades and cases touching them can be marked blocked.
 */
public final class FixtureLoader {
  /** Objects a CREATE statement makes: kind and (possibly qualified, possibly quoted) name. */
  private static final Pattern CREATE = Pattern.compile(
      "(?is)^\\s*create\\s+(?:or\\s+replace\\s+)?(?:temp(?:orary)?\\s+|unlogged\\s+|recursive\\s+)?"
          + "(table|view|materialized\\s+view|function|procedure|type|domain|schema|sequence|aggregate|foreign\\s+table"
          + "|extension|server|trigger|index|unique\\s+index|cast|operator)\\s+(?:if\\s+not\\s+exists\\s+)?"
          + "((?:\"(?:[^\"]|\"\")*\"|[\\w$]+)(?:\\.(?:\"(?:[^\"]|\"\")*\"|[\\w$]+))?)");
  private static final Pattern QUOTED_NAME = Pattern.compile("\"([^\"]+)\"");
  private static final Pattern TX_CONTROL = Pattern.compile("(?is)^\\s*(begin|commit|end|start\\s+transaction)\\s*$");

  /** A statement that did not load: where, what, why, and whether it only failed because an earlier one did. */
  public record Skipped(String file, int line, String firstLine, String reason, boolean cascade) {}

  /** The outcome of a load. */
  public record Result(int total, List<Skipped> skipped, Set<String> missingObjects, long millis) {}

  private FixtureLoader() {}

  /**
   * Drops and recreates {@code db} through {@code admin} (a superuser connection to another
   * database), then loads {@code loadSql} (the corpus's load.sql) through {@code target}.
   */
  public static void recreate(Connection admin, String db) throws SQLException {
    try (Statement st = admin.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + PsqlScript.quoteIdent(db) + " WITH (FORCE)");
      st.execute("CREATE DATABASE " + PsqlScript.quoteIdent(db));
    }
  }

  public static Result load(Connection target, Path loadSql, String db, String user) throws SQLException {
    long t0 = System.nanoTime();
    Map<String, String> vars = new HashMap<>();
    vars.put("DBNAME", db);
    vars.put("PGUSER", user);
    vars.put("USER", user);
    List<PsqlScript.Stmt> stmts = PsqlScript.parseFile(loadSql, vars);
    target.setAutoCommit(true);
    List<Skipped> skipped = new ArrayList<>();
    Set<String> missing = new LinkedHashSet<>();
    int total = 0;
    boolean extensionFailed = false;
    for (PsqlScript.Stmt s : stmts) {
      total++;
      if (s.error() != null) {
        skipped.add(new Skipped(s.file(), s.line(), s.firstLine(), s.error(), false));
        continue;
      }
      // Each statement runs in its own transaction, so a BEGIN/COMMIT pair around a block
      // (jwt.sql) is dropped: one failing statement must not abort the rest of the block.
      if (TX_CONTROL.matcher(s.sql()).matches()) {
        continue;
      }
      try {
        execute(target, s);
      } catch (SQLException e) {
        String reason = oneLine(e);
        // A missing extension takes its types with it (PostGIS: extensions.geometry).
        boolean cascade = mentionsAny(reason, missing)
            || extensionFailed && "42704".equals(e.getSQLState()) && reason.startsWith("type ");
        extensionFailed |= s.sql().strip().toLowerCase(Locale.ROOT).startsWith("create extension");
        createdBy(s.sql()).ifPresent(missing::add);
        skipped.add(new Skipped(s.file(), s.line(), s.firstLine(), reason, cascade));
      }
    }
    // Planner statistics, as a long-lived spec database has them (count=planned reads them).
    try (java.sql.Statement st = target.createStatement()) {
      st.execute("ANALYZE");
    }
    return new Result(total, skipped, missing, (System.nanoTime() - t0) / 1_000_000);
  }

  private static void execute(Connection c, PsqlScript.Stmt s) throws SQLException {
    if (s.copyData() != null) {
      try {
        c.unwrap(PGConnection.class).getCopyAPI().copyIn(s.sql(), new StringReader(s.copyData()));
      } catch (java.io.IOException e) {
        throw new SQLException(e.getMessage(), e);
      }
      return;
    }
    try (Statement st = c.createStatement()) {
      st.setEscapeProcessing(false); // {fn ...} and ? are SQL text here, not JDBC escapes
      st.execute(s.sql());
    }
  }

  /** The name of the object a CREATE statement makes (unqualified, lower case unless quoted), if any. */
  static java.util.Optional<String> createdBy(String sql) {
    Matcher m = CREATE.matcher(sql);
    if (!m.find()) {
      return java.util.Optional.empty();
    }
    String name = m.group(2);
    int dot = lastDotOutsideQuotes(name);
    String simple = dot < 0 ? name : name.substring(dot + 1);
    Matcher q = QUOTED_NAME.matcher(simple);
    simple = q.matches() ? q.group(1).replace("\"\"", "\"") : simple.toLowerCase(Locale.ROOT);
    return java.util.Optional.of(simple);
  }

  private static int lastDotOutsideQuotes(String name) {
    boolean inQuote = false;
    int last = -1;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '"') {
        inQuote = !inQuote;
      } else if (c == '.' && !inQuote) {
        last = i;
      }
    }
    return last;
  }

  /** True when a PostgreSQL error names one of the objects that failed to load ("shops", extensions.geometry). */
  static boolean mentionsAny(String message, Set<String> objects) {
    for (String o : objects) {
      if (message.contains("\"" + o + "\"") || message.contains("." + o + "\"") || message.contains("." + o + " ")
          || message.contains(" " + o + "(")) {
        return true;
      }
    }
    return false;
  }

  private static String oneLine(SQLException e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    int nl = m.indexOf('\n');
    return (nl < 0 ? m : m.substring(0, nl)).replace("ERROR: ", "").strip();
  }
}

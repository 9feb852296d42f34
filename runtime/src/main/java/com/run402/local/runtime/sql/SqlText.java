package com.run402.local.runtime.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A lexer for PostgreSQL text that knows string literals, dollar quotes, quoted identifiers and
 * comments. It finds the leading keyword of each statement (to tell DDL from DML, since JDBC reports
 * 0 for both) and rewrites node-postgres style {@code $n} placeholders for JDBC.
 */
public final class SqlText {
  private SqlText() {}

  /** The upper-case first keyword of each statement, in order. Empty statements are skipped. */
  public static List<String> leadingKeywords(String sql) {
    List<String> out = new ArrayList<>();
    StringBuilder word = null;
    boolean statementStarted = false;
    int i = 0;
    int n = sql.length();
    while (i < n) {
      int skip = skipNonCode(sql, i);
      if (skip > i) {
        if (word != null) {
          out.add(word.toString().toUpperCase(Locale.ROOT));
          word = null;
        }
        statementStarted |= sql.charAt(i) != '-' && sql.charAt(i) != '/';
        i = skip;
        continue;
      }
      char ch = sql.charAt(i);
      if (ch == ';') {
        if (word != null) {
          out.add(word.toString().toUpperCase(Locale.ROOT));
          word = null;
        }
        statementStarted = false;
      } else if (!statementStarted && Character.isLetter(ch)) {
        word = new StringBuilder().append(ch);
        statementStarted = true;
      } else if (word != null && (Character.isLetterOrDigit(ch) || ch == '_')) {
        word.append(ch);
      } else {
        if (word != null) {
          out.add(word.toString().toUpperCase(Locale.ROOT));
          word = null;
        }
        if (!Character.isWhitespace(ch)) {
          statementStarted = true;
        }
      }
      i++;
    }
    if (word != null) {
      out.add(word.toString().toUpperCase(Locale.ROOT));
    }
    return out;
  }

  /** {@code $n} placeholders rewritten to JDBC {@code ?} (literal {@code ?} escaped as {@code ??}). */
  public record Rewritten(String sql, List<Integer> order) {}

  public static Rewritten rewritePlaceholders(String sql) {
    StringBuilder out = new StringBuilder(sql.length() + 8);
    List<Integer> order = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      int skip = skipNonCode(sql, i);
      if (skip > i) {
        out.append(sql, i, skip);
        i = skip;
        continue;
      }
      char ch = sql.charAt(i);
      if (ch == '$' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))
          && (i == 0 || !isIdentChar(sql.charAt(i - 1)))) {
        int j = i + 1;
        while (j < n && Character.isDigit(sql.charAt(j))) {
          j++;
        }
        order.add(Integer.parseInt(sql.substring(i + 1, Math.min(j, i + 10))));
        out.append('?');
        i = j;
      } else if (ch == '?') {
        out.append("??");
        i++;
      } else {
        out.append(ch);
        i++;
      }
    }
    return new Rewritten(out.toString(), order);
  }

  /**
   * The statements of {@code sql}, split at top-level semicolons, each without leading whitespace
   * and comments; empty statements are dropped. Used to check user SQL statement by statement.
   */
  public static List<String> statements(String sql) {
    List<String> out = new ArrayList<>();
    int start = 0;
    int i = 0;
    int n = sql.length();
    while (i < n) {
      int skip = skipNonCode(sql, i);
      if (skip > i) {
        i = skip;
        continue;
      }
      if (sql.charAt(i) == ';') {
        addStatement(out, sql.substring(start, i));
        start = i + 1;
      }
      i++;
    }
    addStatement(out, sql.substring(start));
    return out;
  }

  private static void addStatement(List<String> out, String s) {
    int i = 0;
    while (i < s.length()) {
      if (Character.isWhitespace(s.charAt(i))) {
        i++;
        continue;
      }
      char c = s.charAt(i);
      int skip = c == '-' || c == '/' ? skipNonCode(s, i) : i;
      if (skip == i) {
        break;
      }
      i = skip;
    }
    String t = s.substring(i).strip();
    if (!t.isEmpty()) {
      out.add(t);
    }
  }

  /** If a literal, quoted identifier, dollar quote or comment starts at {@code i}, the index after it. */
  public static int skipNonCode(String s, int i) {
    int n = s.length();
    char c = s.charAt(i);
    if (c == '\'' || c == '"') {
      boolean backslash = c == '\'' && i > 0 && (s.charAt(i - 1) == 'E' || s.charAt(i - 1) == 'e')
          && (i < 2 || !isIdentChar(s.charAt(i - 2)));
      int j = i + 1;
      while (j < n) {
        char d = s.charAt(j);
        if (backslash && d == '\\') {
          j += 2;
          continue;
        }
        if (d == c) {
          if (j + 1 < n && s.charAt(j + 1) == c) {
            j += 2;
            continue;
          }
          return j + 1;
        }
        j++;
      }
      return n;
    }
    if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
      int j = s.indexOf('\n', i);
      return j < 0 ? n : j + 1;
    }
    if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
      int depth = 1;
      int j = i + 2;
      while (j < n && depth > 0) {
        if (s.startsWith("/*", j)) {
          depth++;
          j += 2;
        } else if (s.startsWith("*/", j)) {
          depth--;
          j += 2;
        } else {
          j++;
        }
      }
      return j;
    }
    if (c == '$' && (i == 0 || !isIdentChar(s.charAt(i - 1)))) {
      int j = i + 1;
      while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
        j++;
      }
      if (j < n && s.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(s.charAt(i + 1)))) {
        String tag = s.substring(i, j + 1);
        int end = s.indexOf(tag, j + 1);
        return end < 0 ? n : end + tag.length();
      }
    }
    return i;
  }

  private static boolean isIdentChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }
}

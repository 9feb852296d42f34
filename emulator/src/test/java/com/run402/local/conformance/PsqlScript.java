package com.run402.local.conformance;

import com.run402.local.runtime.sql.SqlText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a psql script the way psql would send it: statements split at top-level semicolons (not
 * inside quotes, dollar quotes, comments or parentheses), psql variables substituted outside quotes,
 * the meta-commands the PostgREST fixtures use ({@code \ir}, {@code \set}) executed, and {@code COPY
 * ... FROM stdin} data collected up to {@code \.}. Comments outside quoted text are dropped.
 */
public final class PsqlScript {
  private static final Pattern COPY_STDIN = Pattern.compile("(?is)^\\s*copy\\b.*\\bfrom\\s+stdin\\b.*");

  /** One unit to send: a statement, COPY data (or null), or a meta-command that could not be honoured (error). */
  public record Stmt(String sql, String file, int line, String copyData, String error) {
    public String firstLine() {
      String s = sql.strip();
      int nl = s.indexOf('\n');
      return nl < 0 ? s : s.substring(0, nl).strip() + " ...";
    }
  }

  private final Map<String, String> vars;
  private final List<Stmt> out = new ArrayList<>();

  private PsqlScript(Map<String, String> vars) {
    this.vars = vars;
  }

  /** Parses {@code file} and everything it includes; {@code vars} is read and updated by \set. */
  public static List<Stmt> parseFile(Path file, Map<String, String> vars) {
    PsqlScript p = new PsqlScript(vars);
    p.parse(read(file), file);
    return p.out;
  }

  /** Parses text as if read from {@code file} (used for includes' base directory and line labels). */
  public static List<Stmt> parse(String text, Path file, Map<String, String> vars) {
    PsqlScript p = new PsqlScript(vars);
    p.parse(text, file);
    return p.out;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void parse(String s, Path file) {
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    StringBuilder buf = new StringBuilder();
    int depth = 0;
    int line = 1;
    int stmtLine = -1;
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (stmtLine < 0 && !Character.isWhitespace(c) && c != '\\' && !s.startsWith("--", i) && !s.startsWith("/*", i)) {
        stmtLine = line;
      }
      if (c == '\n') {
        line++;
      }
      if (c == '-' && s.startsWith("--", i)) {
        // A line comment: dropped, its newline kept so statement text keeps its shape.
        while (i < n && s.charAt(i) != '\n') {
          i++;
        }
        continue;
      }
      // Block comments, literals, quoted identifiers and dollar quotes: scanned as the SQL endpoint
      // scans them; a comment becomes one space, the others are kept as written.
      int skipped = (c == '/' || c == '\'' || c == '"' || c == '$') ? SqlText.skipNonCode(s, i) : i;
      if (skipped > i) {
        line += count(s, i, skipped, '\n');
        if (c == '/') {
          buf.append(' ');
        } else {
          buf.append(s, i, skipped);
        }
        i = skipped;
        continue;
      }
      if (c == ':') {
        i = substitute(s, i, buf);
        continue;
      }
      if (c == '\\') {
        int eol = s.indexOf('\n', i);
        eol = eol < 0 ? n : eol;
        meta(s.substring(i + 1, eol).strip(), file, name, line);
        i = eol;
        continue;
      }
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth = Math.max(0, depth - 1);
      } else if (c == ';' && depth == 0) {
        String sql = buf.toString();
        buf.setLength(0);
        i++;
        if (COPY_STDIN.matcher(sql).matches()) {
          // psql reads COPY data from the line after the statement, up to a line holding only \.
          int start = s.indexOf('\n', i);
          start = start < 0 ? n : start + 1;
          int end = start;
          StringBuilder data = new StringBuilder();
          while (end < n) {
            int eol = s.indexOf('\n', end);
            String l = s.substring(end, eol < 0 ? n : eol);
            end = eol < 0 ? n : eol + 1;
            if (l.strip().equals("\\.")) {
              break;
            }
            data.append(l).append('\n');
          }
          line += count(s, i, end, '\n');
          out.add(new Stmt(sql.strip(), name, stmtLine, data.toString(), null));
          i = end;
        } else if (!sql.isBlank()) {
          out.add(new Stmt(sql.strip(), name, stmtLine, null, null));
        }
        stmtLine = -1;
        continue;
      }
      buf.append(c);
      i++;
    }
    if (!buf.toString().isBlank()) {
      out.add(new Stmt(buf.toString().strip(), name, stmtLine, null, null));
    }
  }

  /** Handles one backslash command (its text without the backslash). */
  private void meta(String cmd, Path file, String name, int line) {
    String[] parts = cmd.split("\\s+", 3);
    String verb = parts[0];
    if (verb.equals("ir") || verb.equals("i") || verb.equals("include_relative") || verb.equals("include")) {
      Path base = verb.equals("ir") || verb.equals("include_relative") ? file.toAbsolutePath().getParent() : Path.of("");
      Path target = base.resolve(parts.length > 1 ? parts[1] : "").normalize();
      if (parts.length < 2 || !Files.isRegularFile(target)) {
        out.add(new Stmt("\\" + cmd, name, line, null, "included file not found: " + parts[1]));
        return;
      }
      parse(read(target), target);
    } else if (verb.equals("set")) {
      if (parts.length > 1) {
        vars.put(parts[1], parts.length > 2 ? unquote(parts[2]) : "");
      }
    } else if (verb.equals("unset")) {
      if (parts.length > 1) {
        vars.remove(parts[1]);
      }
    } else {
      out.add(new Stmt("\\" + cmd, name, line, null, "psql meta-command not emulated"));
    }
  }

  private static String unquote(String v) {
    String t = v.strip();
    if (t.length() >= 2 && t.startsWith("'") && t.endsWith("'")) {
      return t.substring(1, t.length() - 1).replace("''", "'");
    }
    return t;
  }

  /** psql's :name, :'name' (literal) and :"name" (identifier); :: and unknown names stay as written. */
  private int substitute(String s, int i, StringBuilder buf) {
    int n = s.length();
    if (i + 1 < n && s.charAt(i + 1) == ':') {
      buf.append("::");
      return i + 2;
    }
    if (i + 1 < n && (s.charAt(i + 1) == '\'' || s.charAt(i + 1) == '"')) {
      char q = s.charAt(i + 1);
      int j = i + 2;
      while (j < n && isIdentChar(s.charAt(j))) {
        j++;
      }
      if (j < n && j > i + 2 && s.charAt(j) == q && vars.containsKey(s.substring(i + 2, j))) {
        String v = vars.get(s.substring(i + 2, j));
        buf.append(q == '\'' ? quoteLiteral(v) : quoteIdent(v));
        return j + 1;
      }
    } else {
      int j = i + 1;
      while (j < n && isIdentChar(s.charAt(j))) {
        j++;
      }
      if (j > i + 1 && vars.containsKey(s.substring(i + 1, j))) {
        buf.append(vars.get(s.substring(i + 1, j)));
        return j;
      }
    }
    buf.append(':');
    return i + 1;
  }

  static String quoteLiteral(String v) {
    String body = v.replace("'", "''");
    // Like psql: a value with backslashes becomes an E'' string so they survive either
    // standard_conforming_strings setting.
    return v.indexOf('\\') >= 0 ? " E'" + body.replace("\\", "\\\\") + "'" : "'" + body + "'";
  }

  static String quoteIdent(String v) {
    return '"' + v.replace("\"", "\"\"") + '"';
  }

  private static boolean isIdentChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c > 127;
  }





  private static int count(String s, int from, int to, char c) {
    int k = 0;
    for (int j = from; j < to && j < s.length(); j++) {
      if (s.charAt(j) == c) {
        k++;
      }
    }
    return k;
  }
}

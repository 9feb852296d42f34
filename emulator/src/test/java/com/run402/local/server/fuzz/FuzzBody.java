package com.run402.local.server.fuzz;

import static com.run402.local.server.fuzz.FuzzValues.pick;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Request bodies and the Content-Type they claim: JSON objects and arrays (right and wrong types,
 * unknown keys, huge numbers, nesting), broken JSON, CSV, form data and binary noise. The claimed
 * type and the actual bytes disagree on purpose now and then.
 */
public final class FuzzBody {
  private FuzzBody() {}

  /** A body and its Content-Type (null: no header). */
  public record Body(byte[] bytes, String contentType) {}

  static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=utf-8", "text/csv",
      "application/x-www-form-urlencoded", "text/plain", "application/octet-stream", "application/vnd.pgrst.object+json",
      "application/json; charset=latin1", "multipart/form-data; boundary=x", "garbage", "", "*/*", "text/csv; charset=utf-8");

  public static Body forTable(Random r, String table) {
    Map<String, String> cols = FuzzSchema.COLUMNS.getOrDefault(table, FuzzSchema.COLUMNS.get("items"));
    int k = r.nextInt(20);
    String text;
    String ct = "application/json";
    if (k < 8) {
      text = object(r, cols);
    } else if (k < 12) {
      List<String> rows = new ArrayList<>();
      int n = r.nextInt(6);
      for (int i = 0; i < n; i++) {
        rows.add(object(r, cols));
      }
      text = "[" + String.join(",", rows) + "]";
    } else if (k < 14) {
      text = csv(r, cols);
      ct = "text/csv";
    } else if (k < 15) {
      text = form(r, cols);
      ct = "application/x-www-form-urlencoded";
    } else {
      text = FuzzValues.SANE.get() ? object(r, cols) : junk(r);
    }
    if (FuzzValues.chaos(r, 6)) {
      ct = pick(r, CONTENT_TYPES);
    }
    if (FuzzValues.chaos(r, 25)) {
      ct = null;
    }
    return new Body(bytes(r, text), ct);
  }

  /** RPC arguments as a JSON object, or something else. */
  public static Body forFunction(Random r, String fn) {
    Map<String, String> args = FuzzSchema.FUNCTIONS.getOrDefault(fn, Map.of("x", "text"));
    String text = FuzzValues.chaos(r, 6) ? junk(r) : r.nextInt(10) == 0 ? "[" + object(r, args) + "," + object(r, args) + "]"
        : object(r, args);
    String ct = FuzzValues.chaos(r, 6) ? pick(r, CONTENT_TYPES) : "application/json";
    return new Body(bytes(r, text), ct);
  }

  static byte[] bytes(Random r, String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    if (r.nextInt(30) == 0 && b.length > 0) {
      b[r.nextInt(b.length)] = (byte) (0x80 + r.nextInt(0x80)); // invalid UTF-8 in the middle
    }
    return b;
  }

  static String object(Random r, Map<String, String> cols) {
    List<String> fields = new ArrayList<>();
    List<String> names = new ArrayList<>(cols.keySet());
    if (names.isEmpty()) {
      names.add("x"); // a function without arguments still gets a stray key now and then
    }
    int n = r.nextInt(names.size() + 2);
    for (int i = 0; i < n; i++) {
      String name = FuzzValues.chaos(r, 12) ? pick(r, List.of("nope", "", "ID", "a b", "é", "\u0000")) : pick(r, names);
      fields.add(str(name) + ":" + json(r, cols.getOrDefault(name, "text"), 0));
    }
    return "{" + String.join(",", fields) + "}";
  }

  /** A JSON value for a column: a literal of the right type most of the time. */
  static String json(Random r, String type, int depth) {
    int k = r.nextInt(12);
    if (k == 0) {
      return pick(r, List.of("null", "true", "false", "0", "-0", "1e400", "123456789012345678901234567890",
          "-9223372036854775809", "1.0000000000000000000001", "\"\"", "[]", "{}", "[null]", "\"\\u0000\"", "\"\\ud800\""));
    }
    if (k == 1 && depth < 4) {
      return "{\"a\":" + json(r, type, depth + 1) + ",\"b\":[" + json(r, "int", depth + 1) + "]}";
    }
    if (k == 2 && depth < 4) {
      return "[" + json(r, "text", depth + 1) + "," + json(r, "int", depth + 1) + "]";
    }
    switch (type) {
      case "int":
      case "num":
        String v = FuzzValues.forType(r, type);
        return v.matches("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?") ? v : str(v);
      case "bool":
        return pick(r, List.of("true", "false", "\"true\"", "1", "\"maybe\""));
      case "json":
        return pick(r, List.of("{\"a\":1}", "[1,2]", "\"s\"", "{\"b\":{\"c\":\"v\"}}", "null", "{\"a\":{\"b\":{\"c\":[1,{\"d\":2}]}}}"));
      case "textarr":
        return pick(r, List.of("[\"a\",\"b\"]", "[]", "[[\"a\"],[\"b\"]]", "[1,2]", "\"{a,b}\"", "[null]"));
      case "intarr":
        return pick(r, List.of("[1,2]", "[]", "[\"x\"]", "[[1,2],[3]]", "\"{1,2}\"", "[1.5]"));
      default:
        return str(FuzzValues.forType(r, type));
    }
  }

  static String csv(Random r, Map<String, String> cols) {
    List<String> names = new ArrayList<>(cols.keySet());
    List<String> head = new ArrayList<>();
    int n = 1 + r.nextInt(Math.min(4, names.size()));
    for (int i = 0; i < n; i++) {
      head.add(r.nextInt(10) == 0 ? "nope" : pick(r, names));
    }
    StringBuilder sb = new StringBuilder(String.join(",", head)).append('\n');
    int rows = r.nextInt(4);
    for (int i = 0; i < rows; i++) {
      List<String> cells = new ArrayList<>();
      int cellCount = r.nextInt(8) == 0 ? n + 1 : n;
      for (int c = 0; c < cellCount; c++) {
        String v = FuzzValues.forType(r, cols.getOrDefault(head.get(Math.min(c, n - 1)), "text"));
        cells.add(r.nextInt(4) == 0 ? "\"" + v.replace("\"", "\"\"") + "\"" : r.nextInt(20) == 0 ? "\"" + v : v);
      }
      sb.append(String.join(",", cells)).append(r.nextBoolean() ? "\n" : "\r\n");
    }
    return sb.toString();
  }

  static String form(Random r, Map<String, String> cols) {
    List<String> names = new ArrayList<>(cols.keySet());
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < 1 + r.nextInt(3); i++) {
      String name = pick(r, names);
      parts.add(FuzzEncode.encode(name, true) + "=" + FuzzEncode.encode(FuzzValues.forType(r, cols.get(name)), r.nextBoolean()));
    }
    return String.join("&", parts);
  }

  static String junk(Random r) {
    return pick(r, List.of("", "{", "}", "[", "{\"a\":", "{\"name\":\"x\",}", "{'name':'x'}", "null", "true", "42", "\"str\"",
        "[[]]", "[{}, 1]", "{\"name\": \"x\"} trailing", "\u0000", "\ufeff{\"name\":\"x\"}", "{\"name\":\"a\",\"name\":\"b\"}",
        "{\"name\":" + "[".repeat(300) + "]".repeat(300) + "}", "{\"name\":\"" + "x".repeat(100_000) + "\"}",
        "[" + "{\"name\":\"bulk\",\"id\":99999},".repeat(50) + "{}]", "name\nx", "a=b&c", "\u00ff\u00fe", "NaN",
        "{\"id\":1e999}", "{\"qty\":9223372036854775808}", "{\"data\":{\"a\":\"\\ud800\"}}"));
  }

  static String str(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}

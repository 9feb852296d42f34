package com.run402.local.server.fuzz;

import static com.run402.local.server.fuzz.FuzzValues.pick;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * PostgREST query strings: select trees (embeds, aliases, casts, JSON paths, spreads, aggregates),
 * filters with every operator, not./any/all, or/and trees, order, limit/offset, embedded
 * modifiers, columns/on_conflict. Returns decoded key/value pairs; {@link FuzzEncode} encodes
 * (or mangles) them.
 */
public final class FuzzQuery {
  private FuzzQuery() {}

  static final List<String> OPS = List.of("eq", "neq", "gt", "gte", "lt", "lte", "like", "ilike", "match", "imatch",
      "in", "is", "isdistinct", "fts", "plfts", "phfts", "wfts", "cs", "cd", "ov", "sl", "sr", "nxr", "nxl", "adj");
  static final List<String> CASTS = List.of("text", "int", "integer", "numeric", "json", "jsonb", "bool", "date",
      "bigint[]", "varchar(3)", "nope", "text; DROP TABLE x", "");

  public static List<String[]> read(Random r, String table) {
    List<String[]> q = new ArrayList<>();
    if (r.nextInt(3) > 0) {
      q.add(kv("select", select(r, table, 0)));
    }
    int filters = r.nextInt(4);
    for (int i = 0; i < filters; i++) {
      q.add(filter(r, table));
    }
    if (r.nextInt(4) == 0) {
      q.add(kv(FuzzValues.pickSane(r, List.of("or", "and", "not.or", "not.and", "or", "Or"), 5), "(" + tree(r, table, 0) + ")"));
    }
    if (r.nextInt(3) == 0) {
      q.add(kv("order", order(r, table)));
    }
    if (r.nextInt(3) == 0) {
      q.add(kv("limit", FuzzValues.pickSane(r, List.of("0", "1", "5", "20", "1000000", "-1", "abc", "99999999999999999999", "1.5", ""), 5)));
    }
    if (r.nextInt(5) == 0) {
      q.add(kv("offset", FuzzValues.pickSane(r, List.of("0", "3", "150", "-5", "x", "9223372036854775807", ""), 3)));
    }
    if (r.nextInt(6) == 0) {
      String embed = embedName(r, table);
      String op = pick(r, List.of("limit", "offset", "order", "or", "stars", "name", "id", "select"));
      String v = op.equals("order") ? order(r, table) : op.equals("or") ? "(" + tree(r, table, 0) + ")"
          : op.equals("limit") || op.equals("offset") ? FuzzValues.forType(r, "int") : pick(r, OPS) + "." + FuzzValues.string(r);
      q.add(kv(embed + "." + op, v));
    }
    return q;
  }

  /** Extra keys only mutations read. */
  public static List<String[]> write(Random r, String table) {
    List<String[]> q = read(r, table);
    if (r.nextInt(4) == 0) {
      q.add(kv("columns", String.join(",", someColumns(r, table))));
    }
    if (r.nextInt(5) == 0) {
      q.add(kv("on_conflict", pick(r, List.of("id", "name", "item_id,tag", "nope", "", "id,id"))));
    }
    return q;
  }

  /** Arguments of an RPC called with GET, plus sometimes the usual read modifiers. */
  public static List<String[]> rpcArgs(Random r, String fn) {
    List<String[]> q = new ArrayList<>();
    Map<String, String> args = FuzzSchema.FUNCTIONS.getOrDefault(fn, Map.of());
    args.forEach((k, t) -> {
      if (r.nextInt(6) > 0) {
        q.add(kv(k, FuzzValues.forType(r, t)));
      }
    });
    if (r.nextInt(5) == 0) {
      q.add(kv(FuzzValues.word(r), FuzzValues.string(r)));
    }
    if (r.nextInt(3) == 0) {
      q.addAll(read(r, "items"));
    }
    return q;
  }

  static String[] kv(String k, String v) {
    return new String[] {k, v};
  }

  static String select(Random r, String table, int depth) {
    if (FuzzValues.chaos(r, 15)) {
      return pick(r, List.of("*", "", ",", "id,", "(", "a(b", "*,*", "id::", "count()", "id.sum()", "...categories(name)",
          "data->", "name->>0", "\"quoted col\"", "\"unterminated", "id,id,id"));
    }
    List<String> items = new ArrayList<>();
    int n = 1 + r.nextInt(4);
    for (int i = 0; i < n; i++) {
      items.add(selectItem(r, table, depth));
    }
    return String.join(",", items);
  }

  static String selectItem(Random r, String table, int depth) {
    int k = r.nextInt(10);
    if (k < 3 && depth < 3) {
      String name = embedName(r, table);
      String target = name.split("!")[0];
      String inner = select(r, FuzzSchema.COLUMNS.containsKey(target) ? target : "items", depth + 1);
      String alias = r.nextInt(3) == 0 ? FuzzValues.word(r).replace(' ', '_') + ":" : "";
      String spread = r.nextInt(8) == 0 ? "..." : "";
      return spread + alias + name + "(" + inner + ")";
    }
    String col = column(r, table);
    switch (k) {
      case 3:
        return FuzzValues.word(r).replace(' ', '_') + ":" + col;
      case 4:
        return col + "::" + FuzzValues.pickSane(r, CASTS, 8);
      case 5:
        return jsonPath(r, table, true);
      case 6:
        // Aggregates are off by default (PGRST123), so a sane request does not use them.
        return FuzzValues.SANE.get() ? col : col + "." + pick(r, List.of("count()", "sum()", "avg()", "max()", "min()", "nope()"));
      case 7:
        return "*";
      default:
        return col;
    }
  }

  /** {@code cast}: only select items take a {@code ::type} in PostgREST's grammar (filters and order do not). */
  static String jsonPath(Random r, String table, boolean cast) {
    String col = table.equals("categories") ? "meta" : r.nextInt(4) == 0 ? column(r, table) : "data";
    StringBuilder sb = new StringBuilder(col);
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n; i++) {
      sb.append(r.nextBoolean() ? "->" : "->>");
      sb.append(FuzzValues.pickSane(r, List.of("a", "b", "c", "arr", "0", "1", "-1", "'a'", "\"x y\"", "", "99999999999"), 7));
    }
    if ((cast || !FuzzValues.SANE.get()) && r.nextInt(4) == 0) {
      sb.append("::").append(FuzzValues.pickSane(r, CASTS, 8));
    }
    return sb.toString();
  }

  static String[] filter(Random r, String table) {
    String col = r.nextInt(6) == 0 ? jsonPath(r, table, false) : column(r, table);
    if (FuzzValues.chaos(r, 10)) {
      col = embedName(r, table) + "." + column(r, "items");
    }
    return kv(col, condition(r, table, col));
  }

  /** op.value with optional not. and (any)/(all); the value fits the column's type most of the time. */
  static String condition(Random r, String table, String col) {
    String type = FuzzSchema.COLUMNS.getOrDefault(table, Map.of()).getOrDefault(col, "text");
    String op = FuzzValues.chaos(r, 10) ? pick(r, List.of("EQ", "nope", "", "not", "eq(any)", "in.")) : pick(r, OPS);
    String neg = r.nextInt(5) == 0 ? "not." : "";
    String value;
    switch (op) {
      case "in":
        value = "(" + String.join(",", values(r, type, r.nextInt(4))) + ")" + (FuzzValues.chaos(r, 10) ? ")" : "");
        break;
      case "is":
        value = FuzzValues.pickSane(r, List.of("null", "true", "false", "unknown", "NULL", "not_null", "1"), 6);
        break;
      case "fts":
      case "plfts":
      case "phfts":
      case "wfts":
        op = op + (r.nextBoolean() ? "(" + FuzzValues.pickSane(r, List.of("english", "simple", "klingon", "", "english)"), 3) + ")" : "");
        value = FuzzValues.forType(r, "tsv");
        break;
      case "cs":
      case "cd":
      case "ov":
        value = r.nextBoolean() ? FuzzValues.forType(r, type.endsWith("arr") ? type : "range") : FuzzValues.forType(r, "json");
        break;
      default:
        if (r.nextInt(5) == 0) {
          op = op + FuzzValues.pickSane(r, List.of("(any)", "(all)", "(some)", "(any"), 2);
          value = "{" + String.join(",", values(r, type, r.nextInt(4))) + "}";
        } else {
          value = FuzzValues.forType(r, type);
        }
    }
    return neg + op + (FuzzValues.chaos(r, 30) ? "" : ".") + value;
  }

  static List<String> values(Random r, String type, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String v = FuzzValues.forType(r, type);
      out.add(r.nextInt(4) == 0 ? "\"" + v.replace("\"", "\\\"") + "\"" : v);
    }
    return out;
  }

  /** A logic tree body: a.eq.1,and(b.gt.2,not.c.is.null) — the same grammar as or=(...). */
  static String tree(Random r, String table, int depth) {
    List<String> parts = new ArrayList<>();
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n; i++) {
      if (depth < 3 && r.nextInt(4) == 0) {
        parts.add((r.nextInt(4) == 0 ? "not." : "") + pick(r, List.of("and", "or")) + "(" + tree(r, table, depth + 1) + ")");
      } else {
        String col = r.nextInt(6) == 0 ? jsonPath(r, table, false) : column(r, table);
        parts.add(col + "." + condition(r, table, col));
      }
    }
    if (FuzzValues.chaos(r, 15)) {
      parts.add(pick(r, List.of("", "(", ")", "a", "a.eq", "and()", "or(a.eq.1")));
    }
    return String.join(",", parts);
  }

  static String order(Random r, String table) {
    List<String> terms = new ArrayList<>();
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n; i++) {
      String col = r.nextInt(5) == 0 ? jsonPath(r, table, false) : column(r, table);
      if (r.nextInt(8) == 0) {
        col = embedName(r, table) + "(" + column(r, "categories") + ")";
      }
      String dir = FuzzValues.pickSane(r, List.of("", ".asc", ".desc", ".asc.nullsfirst", ".desc.nullslast", ".nullsfirst",
          ".sideways", ".asc.desc", "."), 6);
      terms.add(col + dir);
    }
    return String.join(",", terms);
  }

  static String column(Random r, String table) {
    Map<String, String> cols = FuzzSchema.COLUMNS.getOrDefault(table, FuzzSchema.COLUMNS.get("items"));
    if (FuzzValues.chaos(r, 25)) {
      return pick(r, List.of("nope", "ID", "\"id\"", "items.id", "id id", "", "*", "é", "data->a"));
    }
    return pick(r, new ArrayList<>(cols.keySet()));
  }

  static List<String> someColumns(Random r, String table) {
    List<String> out = new ArrayList<>();
    int n = 1 + r.nextInt(4);
    for (int i = 0; i < n; i++) {
      out.add(column(r, table));
    }
    return out;
  }

  static String embedName(Random r, String table) {
    if (FuzzValues.chaos(r, 20)) {
      return pick(r, List.of("nope", "items!nope", "categories!inner!left", "reviews!", "!inner", "categories!items"));
    }
    return pick(r, FuzzSchema.EMBEDS.getOrDefault(table, FuzzSchema.EMBEDS.get("items")));
  }
}

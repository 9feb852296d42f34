package com.run402.local.runtime.rest.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal reader for PostgreSQL's {@code pg_node_tree} text (what {@code nodeToString} writes and
 * {@code pg_rewrite.ev_action} stores). We only need each view's top-level target list, which says
 * for every view column which table column it passes through ({@code resorigtbl}/{@code resorigcol});
 * that is how PostgREST infers keys and relationships of views. Parsing the tree structurally (rather
 * than pattern matching) keeps nested sub-queries' target lists from being mistaken for the view's.
 *
 * <p>Grammar (see PostgreSQL's read.c): {@code {TYPE :field value ...}} is a node, {@code ( ... )} a
 * list, {@code <>} null; every other token is an atom, ended by whitespace or one of {@code (){}};
 * a backslash escapes the next character. A field's value may span several atoms (e.g. a Const's
 * {@code :constvalue 4 [ 1 0 0 0 ]}); those are kept as a list of atoms.
 */
final class NodeTree {
  /** A parsed {@code {TYPE ...}} node. Field values are {@link Node}, {@link List}, String or null. */
  record Node(String type, Map<String, Object> fields) {
    Object get(String field) {
      return fields.get(field);
    }
  }

  /** One entry of a view's target list: view column {@code resno} comes from {@code origTable.origColumn}. */
  record Target(int resno, long origTable, int origColumn) {}

  private final String s;
  private int pos;

  private NodeTree(String s) {
    this.s = s;
  }

  static Object parse(String text) {
    NodeTree t = new NodeTree(text);
    String tok = t.next();
    return tok == null ? null : t.value(tok);
  }

  /**
   * The non-junk entries of the first query's target list in a rule action ({@code ev_action} is a
   * list holding one Query for a view's _RETURN rule). Entries that are not plain column references
   * have origTable 0.
   */
  static List<Target> viewTargets(String evAction) {
    Object root = parse(evAction);
    Node query = null;
    if (root instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Node n) {
      query = n;
    } else if (root instanceof Node n) {
      query = n;
    }
    List<Target> out = new ArrayList<>();
    if (query == null || !(query.get("targetList") instanceof List<?> entries)) {
      return out;
    }
    for (Object e : entries) {
      if (!(e instanceof Node te) || !"TARGETENTRY".equals(te.type())) {
        continue;
      }
      if ("true".equals(atom(te.get("resjunk")))) {
        continue;
      }
      out.add(new Target(toInt(te.get("resno")), toLong(te.get("resorigtbl")), toInt(te.get("resorigcol"))));
    }
    return out;
  }

  private static String atom(Object v) {
    if (v instanceof String str) {
      return str;
    }
    if (v instanceof List<?> l && l.size() == 1 && l.get(0) instanceof String str) {
      return str;
    }
    return null;
  }

  private static int toInt(Object v) {
    return (int) toLong(v);
  }

  private static long toLong(Object v) {
    String a = atom(v);
    try {
      return a == null ? 0 : Long.parseLong(a);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Parses the value starting with the already-read token {@code tok}. */
  private Object value(String tok) {
    switch (tok) {
      case "{":
        return node();
      case "(":
        return list();
      case "<>":
        return null;
      default:
        return tok;
    }
  }

  private Node node() {
    String type = next();
    Map<String, Object> fields = new LinkedHashMap<>();
    String tok = next();
    while (tok != null && !tok.equals("}")) {
      if (tok.startsWith(":")) {
        String field = tok.substring(1);
        List<Object> vals = new ArrayList<>();
        tok = next();
        while (tok != null && !tok.equals("}") && !isField(tok)) {
          vals.add(value(tok));
          tok = next();
        }
        fields.put(field, vals.isEmpty() ? null : vals.size() == 1 ? vals.get(0) : vals);
      } else {
        tok = next(); // stray atom without a field name: skip it
      }
    }
    return new Node(type, fields);
  }

  private List<Object> list() {
    List<Object> items = new ArrayList<>();
    String tok = next();
    while (tok != null && !tok.equals(")")) {
      items.add(value(tok));
      tok = next();
    }
    return items;
  }

  private static boolean isField(String tok) {
    return tok.length() > 1 && tok.charAt(0) == ':';
  }

  /** The next token, unescaped; null at the end of input. */
  private String next() {
    int n = s.length();
    while (pos < n && (s.charAt(pos) == ' ' || s.charAt(pos) == '\n' || s.charAt(pos) == '\t')) {
      pos++;
    }
    if (pos >= n) {
      return null;
    }
    char c = s.charAt(pos);
    if (c == '(' || c == ')' || c == '{' || c == '}') {
      pos++;
      return String.valueOf(c);
    }
    StringBuilder b = new StringBuilder();
    while (pos < n) {
      c = s.charAt(pos);
      if (c == ' ' || c == '\n' || c == '\t' || c == '(' || c == ')' || c == '{' || c == '}') {
        break;
      }
      if (c == '\\' && pos + 1 < n) {
        pos++;
        c = s.charAt(pos);
      }
      b.append(c);
      pos++;
    }
    return b.toString();
  }
}

package com.run402.local.runtime.rest.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which base columns each view column passes through. Postgres records, for every output column of a
 * view's query, the table (or view) column it is a plain reference to ({@code resorigtbl} /
 * {@code resorigcol}); a view over a view points at the inner view, so we follow the chain through
 * views-on-views (in any schema, exposed or not) and keep every level's origin, like PostgREST does.
 * Views are loaded breadth-first by oid, so only the views actually reached are read.
 */
final class ViewLineage {
  /** A column of a relation: {@code rel} oid and attribute number. */
  record ColRef(long rel, int attnum) {}

  /** view oid -> (view attnum -> direct origin) for every view read (exposed or reached). */
  private final Map<Long, Map<Integer, ColRef>> direct = new HashMap<>();
  private final Map<ColRef, Set<ColRef>> memo = new HashMap<>();

  private ViewLineage() {}

  static ViewLineage load(Connection c, Collection<Long> views) throws SQLException {
    ViewLineage l = new ViewLineage();
    Set<Long> pending = new LinkedHashSet<>(views);
    Set<Long> asked = new HashSet<>();
    while (!pending.isEmpty()) {
      asked.addAll(pending);
      Map<Long, String> trees = Catalog.viewTrees(c, pending);
      pending = new LinkedHashSet<>();
      for (Map.Entry<Long, String> e : trees.entrySet()) {
        Map<Integer, ColRef> cols = new HashMap<>();
        for (NodeTree.Target t : parseQuietly(e.getValue())) {
          if (t.origTable() != 0 && t.origColumn() > 0) {
            cols.put(t.resno(), new ColRef(t.origTable(), t.origColumn()));
            if (!asked.contains(t.origTable())) {
              pending.add(t.origTable()); // may be a view: ask for its tree (tables just return no row)
            }
          }
        }
        l.direct.put(e.getKey(), cols);
      }
    }
    return l;
  }

  /** A view whose tree we cannot read simply gets no inferred keys, rather than failing the load. */
  private static List<NodeTree.Target> parseQuietly(String tree) {
    try {
      return NodeTree.viewTargets(tree);
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  /** Every relation some view column (transitively) comes from. */
  Set<Long> originRelations() {
    Set<Long> out = new HashSet<>();
    for (Map<Integer, ColRef> cols : direct.values()) {
      for (ColRef r : cols.values()) {
        out.add(r.rel());
      }
    }
    return out;
  }

  /** The columns view column {@code attnum} of {@code view} comes from, at every level of nesting. */
  Set<ColRef> origins(long view, int attnum) {
    return origins(new ColRef(view, attnum), new HashSet<>());
  }

  private Set<ColRef> origins(ColRef col, Set<ColRef> visiting) {
    Set<ColRef> known = memo.get(col);
    if (known != null) {
      return known;
    }
    Set<ColRef> out = new LinkedHashSet<>();
    Map<Integer, ColRef> cols = direct.get(col.rel());
    ColRef origin = cols == null ? null : cols.get(col.attnum());
    if (origin != null && visiting.add(col)) { // visiting guards against (impossible in practice) cycles
      out.add(origin);
      out.addAll(origins(origin, visiting));
      visiting.remove(col);
    }
    memo.put(col, out);
    return out;
  }

  /**
   * For view {@code view} with columns {@code attnums}: base column -> the view's columns referring to
   * it, in view attribute order (a view may expose one base column several times).
   */
  Map<ColRef, List<Integer>> reverse(long view, Collection<Integer> attnums) {
    Map<ColRef, List<Integer>> out = new HashMap<>();
    for (int a : attnums.stream().sorted().toList()) {
      for (ColRef o : origins(view, a)) {
        out.computeIfAbsent(o, k -> new ArrayList<>()).add(a);
      }
    }
    return out;
  }
}

package com.run402.local.runtime.rest.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keys a view inherits from its base tables: a PK, an FK (referencing side) or an FK's referenced
 * side, when the view exposes every column of the key (no partial keys). This is what lets a view
 * have a primary key and take part in relationships in place of its base table.
 */
final class ViewKeys {
  private ViewKeys() {}

  /**
   * View {@code view} exposes constraint {@code key}: on the referenced side of an FK when
   * {@code refSide}, else on the declaring side (PK or FK columns). {@code viewCols.get(i)} lists the
   * view columns exposing key column {@code i} (several when the view repeats a column).
   */
  record Dep(long view, Catalog.Key key, boolean refSide, List<List<String>> viewCols) {

    /** One list of view columns per way of picking a single view column for every key column. */
    List<List<String>> expansions() {
      List<List<String>> out = new ArrayList<>();
      out.add(List.of());
      for (List<String> choices : viewCols) {
        List<List<String>> next = new ArrayList<>();
        for (List<String> prefix : out) {
          for (String c : choices) {
            List<String> l = new ArrayList<>(prefix);
            l.add(c);
            next.add(List.copyOf(l));
          }
        }
        out = next;
      }
      return out;
    }

    /** The first exposing view column of each key column (PostgREST's choice for view PKs). */
    List<String> firstColumns() {
      return viewCols.stream().map(l -> l.get(0)).toList();
    }
  }

  /** All key dependencies of the given views ({@code viewColumns}: view oid -> its columns). */
  static List<Dep> find(ViewLineage lineage, Map<Long, List<Column>> viewColumns, List<Catalog.Key> keys) {
    List<Dep> out = new ArrayList<>();
    viewColumns.keySet().stream().sorted().forEach(view -> {
      List<Column> cols = viewColumns.get(view);
      Map<ViewLineage.ColRef, List<Integer>> rev =
          lineage.reverse(view, cols.stream().map(Column::position).toList());
      if (rev.isEmpty()) {
        return;
      }
      for (Catalog.Key k : keys) {
        if (k.type() == 'p' || k.type() == 'f') {
          add(out, view, k, false, k.relid(), k.nums(), rev, cols);
        }
        if (k.type() == 'f') {
          add(out, view, k, true, k.frelid(), k.fnums(), rev, cols);
        }
      }
    });
    return out;
  }

  private static void add(List<Dep> out, long view, Catalog.Key k, boolean refSide, long rel, int[] nums,
      Map<ViewLineage.ColRef, List<Integer>> rev, List<Column> cols) {
    List<List<String>> viewCols = new ArrayList<>();
    for (int n : nums) {
      List<Integer> attnums = rev.get(new ViewLineage.ColRef(rel, n));
      if (attnums == null) {
        return; // the view does not expose this key column: no dependency
      }
      viewCols.add(attnums.stream().map(a -> nameOf(cols, a)).toList());
    }
    if (!viewCols.isEmpty()) {
      out.add(new Dep(view, k, refSide, List.copyOf(viewCols)));
    }
  }

  private static String nameOf(List<Column> cols, int attnum) {
    for (Column c : cols) {
      if (c.position() == attnum) {
        return c.name();
      }
    }
    throw new IllegalStateException("view column " + attnum + " not loaded");
  }
}

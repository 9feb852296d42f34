package com.run402.local.runtime.rest.schema;

import com.run402.local.runtime.rest.schema.Relationship.Cardinality;
import com.run402.local.runtime.rest.schema.Relationship.ColumnPair;
import com.run402.local.runtime.rest.schema.Relationship.Junction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds the FK-based relationships, PostgREST 12 style: every FK gives M2O (O2O when its columns
 * are exactly a PK/UNIQUE constraint of the referencing table) from the referencing side; views that
 * expose an FK's columns get the same relationship with the view in place of the table (either
 * side, also view to view); junctions give M2M; finally each M2O/O2O gets its inverse (O2M/O2O).
 * Works on relation oids (base tables may be unexposed) and keeps only relationships whose tables
 * and junction are all exposed.
 */
final class Relationships {
  private Relationships() {}

  /** A relationship under construction; {@code table}/{@code ftable} are relation oids. */
  private record Edge(long table, long ftable, Cardinality card, String cons, List<ColumnPair> cols,
      boolean self, long junction, Junction jun) {}

  static final Comparator<Relationship> ORDER = Comparator
      .comparing((Relationship r) -> r.table().toString())
      .thenComparing(r -> r.foreignTable().toString())
      .thenComparing(Relationship::cardinality)
      .thenComparing(Relationship::constraint)
      .thenComparing(r -> r.junction() == null ? "" : r.junction().table() + " " + r.junction().constraint2())
      .thenComparing(r -> r.columns().toString())
      .thenComparing(r -> r.junction() == null ? "" : r.junction().sourceColumns() + " " + r.junction().targetColumns());

  /**
   * @param names exposed relations by oid
   * @param pks primary key columns of the exposed relations (views: inferred), by oid
   */
  static Map<QName, List<Relationship>> build(Map<Long, QName> names, Map<Long, List<String>> pks,
      List<Catalog.Key> keys, List<ViewKeys.Dep> deps) {
    List<Edge> edges = new ArrayList<>();
    for (Catalog.Key k : keys) {
      if (k.type() == 'f') {
        Edge base = new Edge(k.relid(), k.frelid(), oneToOne(k, keys) ? Cardinality.O2O : Cardinality.M2O,
            k.name(), pairs(k.names(), k.fnames()), k.relid() == k.frelid(), 0, null);
        edges.add(base);
        edges.addAll(throughViews(base, k, deps));
      }
    }
    edges.addAll(manyToMany(edges, pks));
    List<Edge> all = new ArrayList<>(edges);
    for (Edge e : edges) {
      if (e.card() == Cardinality.M2O || e.card() == Cardinality.O2O) {
        all.add(new Edge(e.ftable(), e.table(), e.card() == Cardinality.M2O ? Cardinality.O2M : Cardinality.O2O,
            e.cons(), e.cols().stream().map(p -> new ColumnPair(p.foreign(), p.local())).toList(), e.self(), 0, null));
      }
    }
    Map<QName, Set<Relationship>> byTable = new TreeMap<>(Comparator.comparing(QName::toString));
    for (Edge e : all) {
      QName t = names.get(e.table());
      QName ft = names.get(e.ftable());
      if (t == null || ft == null || (e.jun() != null && !names.containsKey(e.junction()))) {
        continue; // an end or the junction is not exposed
      }
      Junction jun = e.jun() == null ? null : new Junction(names.get(e.junction()), e.jun().constraint1(),
          e.jun().sourceColumns(), e.jun().constraint2(), e.jun().targetColumns());
      byTable.computeIfAbsent(t, x -> new LinkedHashSet<>())
          .add(new Relationship(t, ft, e.card(), e.cons(), e.cols(), jun, e.self(), null));
    }
    Map<QName, List<Relationship>> out = new LinkedHashMap<>();
    byTable.forEach((t, rels) -> out.put(t, rels.stream().sorted(ORDER).toList()));
    return out;
  }

  /** The FK columns are exactly (as a set) the columns of a PK or UNIQUE constraint of their table. */
  private static boolean oneToOne(Catalog.Key fk, List<Catalog.Key> keys) {
    Set<String> cols = new HashSet<>(fk.names());
    for (Catalog.Key k : keys) {
      if (k.relid() == fk.relid() && (k.type() == 'p' || k.type() == 'u') && new HashSet<>(k.names()).equals(cols)) {
        return true;
      }
    }
    return false;
  }

  /** The FK {@code base} (from constraint {@code k}) with views substituted on either or both sides. */
  private static List<Edge> throughViews(Edge base, Catalog.Key k, List<ViewKeys.Dep> deps) {
    List<ViewKeys.Dep> from = new ArrayList<>();
    List<ViewKeys.Dep> to = new ArrayList<>();
    for (ViewKeys.Dep d : deps) {
      if (d.key().oid() == k.oid() && d.key().type() == 'f') {
        (d.refSide() ? to : from).add(d);
      }
    }
    List<Edge> out = new ArrayList<>();
    for (ViewKeys.Dep f : from) {
      for (List<String> fc : f.expansions()) {
        out.add(new Edge(f.view(), base.ftable(), base.card(), k.name(), pairs(fc, k.fnames()), false, 0, null));
      }
    }
    for (ViewKeys.Dep t : to) {
      for (List<String> tc : t.expansions()) {
        out.add(new Edge(base.table(), t.view(), base.card(), k.name(), pairs(k.names(), tc), false, 0, null));
      }
    }
    for (ViewKeys.Dep f : from) {
      for (List<String> fc : f.expansions()) {
        for (ViewKeys.Dep t : to) {
          for (List<String> tc : t.expansions()) {
            out.add(new Edge(f.view(), t.view(), base.card(), k.name(), pairs(fc, tc), f.view() == t.view(), 0, null));
          }
        }
      }
    }
    return out;
  }

  /**
   * A relation with two different M2O FKs (to tables or views) whose columns all belong to its
   * primary key is a junction: M2M between the two referenced relations, in both directions (the
   * ordered pairs give both). PostgREST 12 rule; the junction may be a view with an inferred PK.
   */
  private static List<Edge> manyToMany(List<Edge> edges, Map<Long, List<String>> pks) {
    List<Edge> out = new ArrayList<>();
    for (Edge a : edges) {
      List<String> pk = pks.get(a.table());
      if (a.card() != Cardinality.M2O || pk == null || pk.isEmpty()) {
        continue;
      }
      for (Edge b : edges) {
        if (b.card() != Cardinality.M2O || b.table() != a.table() || b.cons().equals(a.cons())) {
          continue;
        }
        Set<String> used = new HashSet<>();
        a.cols().forEach(p -> used.add(p.local()));
        b.cols().forEach(p -> used.add(p.local()));
        if (pk.containsAll(used)) {
          Junction j = new Junction(null, a.cons(), a.cols(), b.cons(), b.cols());
          out.add(new Edge(a.ftable(), b.ftable(), Cardinality.M2M, a.cons(), List.of(),
              a.ftable() == b.ftable(), a.table(), j));
        }
      }
    }
    return out;
  }

  private static List<ColumnPair> pairs(List<String> local, List<String> foreign) {
    List<ColumnPair> out = new ArrayList<>();
    for (int i = 0; i < local.size(); i++) {
      out.add(new ColumnPair(local.get(i), foreign.get(i)));
    }
    return List.copyOf(out);
  }
}

package com.run402.local.runtime.expose;

import com.run402.local.runtime.expose.ExposeManifest.RpcItem;
import com.run402.local.runtime.expose.ExposeManifest.TableItem;
import com.run402.local.runtime.expose.ExposeManifest.ViewItem;
import com.run402.local.runtime.expose.LiveSchema.Relation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The DDL that converges a project's schema from what is exposed now ({@link Exposed}) to a
 * validated manifest, and the names it reports as applied and dropped. Removals come first, so a
 * dropped view never blocks a changed one. Tables are never dropped, only made dark again.
 */
record ExposePlan(List<String> statements, Names applied, Names dropped) {

  /** The {@code {tables[], views[], rpcs[]}} lists of the apply response. */
  record Names(List<String> tables, List<String> views, List<String> rpcs) {}

  /** What is exposed before the apply: the stored manifest's items plus whatever grants say. */
  record Exposed(Set<String> tables, Set<String> views, List<LiveSchema.Function> rpcs) {}

  static ExposePlan of(TenantRoles r, ExposeManifest m, Exposed before, LiveSchema live) {
    List<String> sql = new ArrayList<>();
    Set<String> nowTables = m.tables().stream().filter(TableItem::expose).map(TableItem::name)
        .collect(Collectors.toCollection(LinkedHashSet::new));
    Set<String> nowViews = m.views().stream().filter(ViewItem::expose).map(ViewItem::name)
        .collect(Collectors.toCollection(LinkedHashSet::new));
    Set<String> listedViews = m.views().stream().map(ViewItem::name).collect(Collectors.toSet());
    Set<String> nowRpcs = m.rpcs().stream().map(RpcItem::name).collect(Collectors.toCollection(LinkedHashSet::new));

    List<String> droppedTables = new ArrayList<>();
    for (String t : before.tables()) {
      if (!nowTables.contains(t)) {
        droppedTables.add(t);
        live.relation(t).filter(Relation::isTable).ifPresent(rel -> sql.addAll(PolicyDdl.darken(r, t, rel.policies())));
      }
    }
    List<String> droppedViews = new ArrayList<>();
    for (String v : before.views()) {
      if (!nowViews.contains(v)) {
        droppedViews.add(v);
        if (!listedViews.contains(v) && live.relation(v).filter(Relation::isView).isPresent()) {
          sql.add("DROP VIEW IF EXISTS " + r.q(v));
        }
      }
    }
    Set<String> droppedRpcs = new LinkedHashSet<>();
    for (LiveSchema.Function f : before.rpcs()) {
      if (!nowRpcs.contains(f.name())) {
        droppedRpcs.add(f.name());
        sql.add("REVOKE EXECUTE ON ROUTINE " + r.q(f.name()) + "(" + f.argTypes() + ") FROM " + r.both());
      }
    }

    for (TableItem t : m.tables()) {
      List<String> policies = live.relation(t.name()).map(Relation::policies).orElse(List.of());
      sql.addAll(t.expose() ? PolicyDdl.expose(r, t, policies) : PolicyDdl.darken(r, t.name(), policies));
    }
    for (ViewItem v : m.views()) {
      sql.addAll(view(r, v, live.relation(v.name())));
    }
    for (RpcItem rpc : m.rpcs()) {
      String fn = r.q(rpc.name()) + "(" + live.resolve(rpc).orElseThrow() + ")";
      sql.add("REVOKE EXECUTE ON ROUTINE " + fn + " FROM PUBLIC, " + r.both());
      Set<String> roles = rpc.grantTo().stream().map(r::dbRole).filter(x -> !x.equals(r.owner()))
          .map(Ident::q).collect(Collectors.toCollection(LinkedHashSet::new));
      if (!roles.isEmpty()) {
        sql.add("GRANT EXECUTE ON ROUTINE " + fn + " TO " + String.join(", ", roles));
      }
    }
    return new ExposePlan(sql, new Names(List.copyOf(nowTables), List.copyOf(nowViews), List.copyOf(nowRpcs)),
        new Names(droppedTables, droppedViews, List.copyOf(droppedRpcs)));
  }

  /** security_invoker: readers need the base's privileges, and its RLS applies to them. */
  private static List<String> view(TenantRoles r, ViewItem v, Optional<Relation> existing) {
    List<String> out = new ArrayList<>();
    String q = r.q(v.name());
    // CREATE OR REPLACE cannot remove or reorder columns; recreate when the column list changes.
    if (existing.isPresent() && !new ArrayList<>(existing.get().columns().keySet()).equals(v.select())) {
      out.add("DROP VIEW " + q);
    }
    String cols = v.select().stream().map(Ident::q).collect(Collectors.joining(", "));
    out.add("CREATE OR REPLACE VIEW " + q + " WITH (security_invoker = true) AS SELECT " + cols + " FROM "
        + r.q(v.base()) + (v.filter() == null ? "" : " WHERE (" + v.filter() + ")"));
    out.add("REVOKE ALL ON " + q + " FROM " + r.both());
    if (v.expose()) {
      out.add("GRANT SELECT ON " + q + " TO " + r.both());
    }
    return out;
  }
}

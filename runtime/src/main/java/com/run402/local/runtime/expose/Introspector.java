package com.run402.local.runtime.expose;

import com.run402.local.runtime.expose.ExposeManifest.RpcItem;
import com.run402.local.runtime.expose.ExposeManifest.TableItem;
import com.run402.local.runtime.expose.ExposeManifest.ViewItem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what a project exposes from its grants, policies and triggers, as a manifest: GET answers
 * with it (source "introspected") before any manifest was applied, and the applier uses it to find
 * what a new manifest no longer exposes (for example tables opened by the legacy RLS route).
 */
final class Introspector {
  /** Relations on which anon, authenticated (or PUBLIC) hold any privilege. */
  private static final String EXPOSED = "SELECT c.relname, c.relkind::text, c.relrowsecurity, "
      + "EXISTS (SELECT 1 FROM aclexplode(c.relacl) a WHERE a.grantee IN (0, to_regrole(?)::oid) "
      + "  AND a.privilege_type IN ('INSERT','UPDATE','DELETE')) "
      + "FROM pg_class c WHERE c.relnamespace = to_regnamespace(?) AND c.relkind IN ('r','p','v','m','f') "
      + "AND EXISTS (SELECT 1 FROM aclexplode(c.relacl) a WHERE a.grantee IN (0, to_regrole(?)::oid, to_regrole(?)::oid)) "
      + "ORDER BY c.relname";
  private static final String POLICIES = "SELECT c.relname, pol.polname, pol.polcmd::text, pol.polpermissive, "
      + "pg_get_expr(pol.polqual, pol.polrelid), pg_get_expr(pol.polwithcheck, pol.polrelid), "
      + "ARRAY(SELECT CASE WHEN x = 0 THEN 'public' ELSE quote_ident(pg_get_userbyid(x)) END FROM unnest(pol.polroles) x) "
      + "FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid WHERE c.relnamespace = to_regnamespace(?) "
      + "ORDER BY 1, 2";
  private static final String FORCE_OWNER = "SELECT c.relname, encode(t.tgargs, 'escape') FROM pg_trigger t "
      + "JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = to_regnamespace(?) AND t.tgname = ?";
  private static final String VIEW_BASE = "SELECT DISTINCT ON (v.relname) v.relname, b.relname FROM pg_class v "
      + "JOIN pg_rewrite rw ON rw.ev_class = v.oid JOIN pg_depend d ON d.objid = rw.oid "
      + "AND d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass "
      + "JOIN pg_class b ON b.oid = d.refobjid AND b.oid <> v.oid "
      + "WHERE v.relnamespace = to_regnamespace(?) AND v.relkind = 'v' ORDER BY v.relname, b.relname";
  private static final String RPCS = "SELECT p.proname, oidvectortypes(p.proargtypes), "
      + "bool_or(a.grantee = to_regrole(?)::oid), bool_or(a.grantee = to_regrole(?)::oid) "
      + "FROM pg_proc p, aclexplode(p.proacl) a WHERE p.pronamespace = to_regnamespace(?) "
      + "AND a.privilege_type = 'EXECUTE' AND a.grantee IN (to_regrole(?)::oid, to_regrole(?)::oid) "
      + "GROUP BY 1, 2 ORDER BY 1, 2";

  private Introspector() {}

  /** The manifest the project's grants and policies amount to. */
  static ExposeManifest read(Connection c, TenantRoles r, LiveSchema live) throws SQLException {
    Map<String, List<PolicyInference.Pol>> policies = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(POLICIES)) {
      ps.setString(1, r.schema());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String[] roles = (String[]) rs.getArray(7).getArray();
          policies.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new PolicyInference.Pol(
              rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getString(5), rs.getString(6), List.of(roles)));
        }
      }
    }
    Map<String, String> forceOwner = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(FORCE_OWNER)) {
      ps.setString(1, r.schema());
      ps.setString(2, PolicyDdl.FORCE_OWNER_TRIGGER);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          forceOwner.put(rs.getString(1), rs.getString(2).split("\\\\000")[0]);
        }
      }
    }
    Map<String, String> viewBase = new HashMap<>();
    CatalogReader.rows(c, VIEW_BASE, r.schema(), rs -> viewBase.put(rs.getString(1), rs.getString(2)));
    List<TableItem> tables = new ArrayList<>();
    List<ViewItem> views = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(EXPOSED)) {
      ps.setString(1, r.anon());
      ps.setString(2, r.schema());
      ps.setString(3, r.anon());
      ps.setString(4, r.authenticated());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString(1);
          if (rs.getString(2).equals("v")) {
            List<String> cols = new ArrayList<>(live.relation(name).map(x -> x.columns().keySet())
                .orElse(java.util.Set.of()));
            views.add(new ViewItem(name, viewBase.getOrDefault(name, name), cols, null, true));
          } else {
            tables.add(PolicyInference.table(name, rs.getBoolean(3), rs.getBoolean(4),
                policies.getOrDefault(name, List.of()), forceOwner.get(name)));
          }
        }
      }
    }
    return new ExposeManifest("1", tables, views, rpcs(c, r));
  }

  private static List<RpcItem> rpcs(Connection c, TenantRoles r) throws SQLException {
    Map<String, RpcItem> out = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(RPCS)) {
      ps.setString(1, r.anon());
      ps.setString(2, r.authenticated());
      ps.setString(3, r.schema());
      ps.setString(4, r.anon());
      ps.setString(5, r.authenticated());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<String> to = new ArrayList<>();
          if (rs.getBoolean(3)) {
            to.add("anon");
          }
          if (rs.getBoolean(4)) {
            to.add("authenticated");
          }
          String key = rs.getString(1) + "(" + rs.getString(2) + ")";
          out.put(key, new RpcItem(rs.getString(1), "(" + rs.getString(2) + ")", to));
        }
      }
    }
    return new ArrayList<>(out.values());
  }
}

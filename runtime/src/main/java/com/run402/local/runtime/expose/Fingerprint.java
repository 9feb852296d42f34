package com.run402.local.runtime.expose;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A digest of everything in a project's schema that exposure is made of: relations (by oid, so a
 * re-created table counts as changed), their RLS flags and ACLs, view definitions, policies,
 * triggers and function ACLs. Equal digests before and after mean nobody changed the schema's
 * exposure since the last apply, so re-applying the same manifest can skip all DDL.
 */
final class Fingerprint {
  private static final String SQL = "SELECT md5(coalesce(string_agg(x, '|' ORDER BY x), '')) FROM ("
      + "SELECT 'c:' || c.oid || ':' || c.relname || ':' || c.relkind::text || ':' || c.relrowsecurity::text || ':' "
      + "  || c.relforcerowsecurity::text || ':' || coalesce(c.relacl::text, '') || ':' "
      + "  || CASE WHEN c.relkind = 'v' THEN coalesce(pg_get_viewdef(c.oid), '') ELSE '' END "
      + "FROM pg_class c WHERE c.relnamespace = to_regnamespace(?) AND c.relkind IN ('r','p','v','m','f') "
      + "UNION ALL SELECT 'p:' || pol.polrelid || ':' || pol.polname || ':' || pol.polcmd::text || ':' "
      + "  || coalesce(pg_get_expr(pol.polqual, pol.polrelid), '') || ':' "
      + "  || coalesce(pg_get_expr(pol.polwithcheck, pol.polrelid), '') || ':' || pol.polroles::text "
      + "FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid WHERE c.relnamespace = to_regnamespace(?) "
      + "UNION ALL SELECT 't:' || t.tgrelid || ':' || t.tgname || ':' || t.tgenabled::text FROM pg_trigger t "
      + "JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = to_regnamespace(?) AND NOT t.tgisinternal "
      + "UNION ALL SELECT 'f:' || p.oid || ':' || coalesce(p.proacl::text, '') FROM pg_proc p "
      + "WHERE p.pronamespace = to_regnamespace(?)) s(x)";

  private Fingerprint() {}

  static String of(Connection c, String schema) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SQL)) {
      for (int i = 1; i <= 4; i++) {
        ps.setString(i, schema);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }
}

package com.run402.local.runtime.expose;

import com.run402.local.runtime.expose.ExposeManifest.TableItem;
import java.util.ArrayList;
import java.util.List;

/**
 * The grants, policies and trigger of one exposed table under a manifest policy. Policies are
 * named {@code run402_<policy>_<cmd>} and carry a TO clause, so each applies only to the roles it
 * is for; the owner role bypasses RLS (BYPASSRLS, like production's service_role).
 */
final class PolicyDdl {
  static final String FORCE_OWNER_TRIGGER = "run402_force_owner";
  static final String FORCE_OWNER_FUNCTION = "run402_force_owner";
  private static final String DML = "SELECT, INSERT, UPDATE, DELETE";

  private PolicyDdl() {}

  /** Back to dark: no grants, none of its policies, no force-owner trigger. RLS stays on (deny by default). */
  static List<String> darken(TenantRoles r, String table, List<String> livePolicies) {
    List<String> out = new ArrayList<>();
    String t = r.q(table);
    out.add("REVOKE ALL ON " + t + " FROM " + r.both());
    livePolicies.forEach(p -> out.add("DROP POLICY IF EXISTS " + Ident.q(p) + " ON " + t));
    out.add("DROP TRIGGER IF EXISTS " + Ident.q(FORCE_OWNER_TRIGGER) + " ON " + t);
    return out;
  }

  /** Converges an exposed table: the manifest owns every policy on it, as a bundle deploy does. */
  static List<String> expose(TenantRoles r, TableItem item, List<String> livePolicies) {
    String t = r.q(item.name());
    List<String> out = new ArrayList<>();
    out.add("ALTER TABLE " + t + " ENABLE ROW LEVEL SECURITY");
    out.add("ALTER TABLE " + t + " FORCE ROW LEVEL SECURITY");
    out.addAll(darken(r, item.name(), livePolicies));
    Policy p = item.policyEnum();
    String anon = Ident.q(r.anon());
    String authd = Ident.q(r.authenticated());
    String prefix = p.policyPrefix();
    switch (p) {
      case USER_OWNS_ROWS: {
        // Compared as text (legacy-gateway 5.5), so uuid and text owner columns both work.
        String own = "(" + Ident.q(item.ownerColumn()) + ")::text = (auth.uid())::text";
        out.add("GRANT SELECT ON " + t + " TO " + anon); // anon may ask, and sees 0 rows (no policy for it)
        out.add("GRANT " + DML + " ON " + t + " TO " + authd);
        out.add(policy(prefix + "select", t, "SELECT", authd, own, null));
        out.add(policy(prefix + "insert", t, "INSERT", authd, null, own));
        out.add(policy(prefix + "update", t, "UPDATE", authd, own, own));
        out.add(policy(prefix + "delete", t, "DELETE", authd, own, null));
        break;
      }
      case PUBLIC_READ_AUTHENTICATED_WRITE:
        out.add("GRANT SELECT ON " + t + " TO " + anon);
        out.add("GRANT " + DML + " ON " + t + " TO " + authd);
        out.add(policy(prefix + "select", t, "SELECT", anon + ", " + authd, "true", null));
        out.add(policy(prefix + "insert", t, "INSERT", authd, null, "true"));
        out.add(policy(prefix + "update", t, "UPDATE", authd, "true", "true"));
        out.add(policy(prefix + "delete", t, "DELETE", authd, "true", null));
        break;
      case PUBLIC_READ_WRITE_UNRESTRICTED:
        out.add("GRANT " + DML + " ON " + t + " TO " + anon + ", " + authd);
        out.add(policy(prefix + "select", t, "SELECT", anon + ", " + authd, "true", null));
        out.add(policy(prefix + "insert", t, "INSERT", anon + ", " + authd, null, "true"));
        out.add(policy(prefix + "update", t, "UPDATE", anon + ", " + authd, "true", "true"));
        out.add(policy(prefix + "delete", t, "DELETE", anon + ", " + authd, "true", null));
        break;
      case CUSTOM:
        // The custom policies decide; both roles get the table privileges so that RLS is the only gate.
        out.add("GRANT " + DML + " ON " + t + " TO " + anon + ", " + authd);
        out.addAll(CustomSql.check(item.name(), item.customSql()).statements());
        break;
      default:
        throw new IllegalStateException("unhandled policy " + p);
    }
    if (item.forceOwner()) {
      out.add(forceOwnerFunction(r));
      out.add("CREATE TRIGGER " + Ident.q(FORCE_OWNER_TRIGGER) + " BEFORE INSERT ON " + t
          + " FOR EACH ROW EXECUTE FUNCTION " + r.q(FORCE_OWNER_FUNCTION) + "(" + literal(item.ownerColumn()) + ")");
    }
    return out;
  }

  static String policy(String name, String table, String cmd, String roles, String using, String check) {
    return "CREATE POLICY " + Ident.q(name) + " ON " + table + " AS PERMISSIVE FOR " + cmd + " TO " + roles
        + (using == null ? "" : " USING (" + using + ")") + (check == null ? "" : " WITH CHECK (" + check + ")");
  }

  /**
   * One trigger function per project, told the column by trigger argument: it overwrites the owner
   * column with auth.uid() whatever the client sent (NULL for anon, which the policy then refuses).
   */
  private static String forceOwnerFunction(TenantRoles r) {
    return "CREATE OR REPLACE FUNCTION " + r.q(FORCE_OWNER_FUNCTION) + "() RETURNS trigger LANGUAGE plpgsql AS "
        + "$run402$ BEGIN NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[0], auth.uid())); "
        + "RETURN NEW; END $run402$";
  }

  /** A string literal for a trigger argument (a column name that already passed {@link Ident#valid}). */
  private static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}

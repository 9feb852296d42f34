package com.run402.local.runtime.expose;

import com.run402.local.runtime.expose.ExposeManifest.TableItem;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the manifest policy a table's live policies amount to: our own {@code run402_*} policies,
 * the legacy RLS templates' policies (legacy-gateway 5.5), or anything else as {@code custom} with
 * its CREATE POLICY statements rebuilt from the catalog.
 */
final class PolicyInference {
  /** A live policy as pg_policy describes it ({@code cmd} is polcmd: r, a, w, d or *). */
  record Pol(String name, String cmd, boolean permissive, String using, String check, List<String> roles) {}

  static final Set<String> LEGACY_OWNS = Set.of("Users can view own rows", "Users can insert own rows",
      "Users can update own rows", "Users can delete own rows");
  static final Set<String> LEGACY_READ = Set.of("Anyone can read", "Authenticated users can insert",
      "Authenticated users can update", "Authenticated users can delete");
  static final Set<String> LEGACY_READ_WRITE = Set.of("Anyone can read", "Anyone can insert", "Anyone can update",
      "Anyone can delete");
  private static final Pattern OWNER = Pattern.compile("^\\(*\"?(.*?)\"?\\)::text = \\(auth\\.uid\\(\\)\\)::text\\)*$");

  private PolicyInference() {}

  static TableItem table(String name, boolean rls, boolean anonWrites, List<Pol> pols, String forceOwnerColumn) {
    Boolean force = forceOwnerColumn == null ? null : Boolean.TRUE;
    if (!rls) {
      // No RLS: the grants alone decide, which is what these two policies amount to.
      return anonWrites
          ? new TableItem(name, true, Policy.PUBLIC_READ_WRITE_UNRESTRICTED.wire(), forceOwnerColumn, force, true, null)
          : new TableItem(name, true, Policy.PUBLIC_READ_AUTHENTICATED_WRITE.wire(), forceOwnerColumn, force, null, null);
    }
    if (!pols.isEmpty() && all(pols, Policy.USER_OWNS_ROWS, LEGACY_OWNS)) {
      String owner = forceOwnerColumn;
      for (Pol p : pols) {
        String expr = p.using() != null ? p.using() : p.check();
        Matcher m = expr == null ? null : OWNER.matcher(expr);
        if (m != null && m.matches()) {
          owner = m.group(1).replace("\"\"", "\"");
          break;
        }
      }
      return new TableItem(name, true, Policy.USER_OWNS_ROWS.wire(), owner, force, null, null);
    }
    if (!pols.isEmpty() && all(pols, Policy.PUBLIC_READ_AUTHENTICATED_WRITE, LEGACY_READ)) {
      return new TableItem(name, true, Policy.PUBLIC_READ_AUTHENTICATED_WRITE.wire(), forceOwnerColumn, force, null,
          null);
    }
    if (!pols.isEmpty() && all(pols, Policy.PUBLIC_READ_WRITE_UNRESTRICTED, LEGACY_READ_WRITE)) {
      return new TableItem(name, true, Policy.PUBLIC_READ_WRITE_UNRESTRICTED.wire(), forceOwnerColumn, force, true,
          null);
    }
    StringBuilder sql = new StringBuilder();
    for (Pol p : pols) {
      if (sql.length() > 0) {
        sql.append(";\n");
      }
      sql.append(create(name, p));
    }
    return new TableItem(name, true, Policy.CUSTOM.wire(), forceOwnerColumn, force, null,
        sql.length() == 0 ? null : sql.toString());
  }

  private static boolean all(List<Pol> pols, Policy ours, Set<String> legacy) {
    return pols.stream().allMatch(p -> p.name().startsWith(ours.policyPrefix()) || legacy.contains(p.name()));
  }

  private static String create(String table, Pol p) {
    String cmd;
    switch (p.cmd()) {
      case "r":
        cmd = "SELECT";
        break;
      case "a":
        cmd = "INSERT";
        break;
      case "w":
        cmd = "UPDATE";
        break;
      case "d":
        cmd = "DELETE";
        break;
      default:
        cmd = "ALL";
    }
    return "CREATE POLICY " + Ident.q(p.name()) + " ON " + Ident.q(table) + " AS "
        + (p.permissive() ? "PERMISSIVE" : "RESTRICTIVE") + " FOR " + cmd + " TO " + String.join(", ", p.roles())
        + (p.using() == null ? "" : " USING (" + p.using() + ")")
        + (p.check() == null ? "" : " WITH CHECK (" + p.check() + ")");
  }
}

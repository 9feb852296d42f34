package com.run402.local.runtime.expose;

import com.run402.local.runtime.expose.ExposeManifest.RpcItem;
import com.run402.local.runtime.expose.ExposeManifest.TableItem;
import com.run402.local.runtime.expose.ExposeManifest.ViewItem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks a well-formed manifest for self-consistency, without looking at any database. */
final class ManifestChecks {
  static final Set<String> ROLES = Set.of("anon", "authenticated", "service_role", "project_admin");

  private ManifestChecks() {}

  static List<Issue> check(ExposeManifest m) {
    List<Issue> out = new ArrayList<>();
    Set<String> relationNames = new HashSet<>();
    for (TableItem t : m.tables()) {
      if (!relationNames.add(t.name())) {
        out.add(Issue.error(Issue.SCHEMA_SHAPE, "table '" + t.name() + "' is listed twice", "List each table once."));
      }
      table(t, out);
    }
    for (ViewItem v : m.views()) {
      if (!relationNames.add(v.name())) {
        out.add(Issue.error(Issue.SCHEMA_SHAPE, "'" + v.name() + "' is listed twice among tables and views",
            "Give the view a name of its own."));
      }
      if (v.name().equals(v.base())) {
        out.add(Issue.error(Issue.SCHEMA_SHAPE, "view '" + v.name() + "' cannot select from itself", null));
      }
      if (v.filter() != null && com.run402.local.runtime.sql.SqlText.statements(v.filter()).size() != 1) {
        out.add(Issue.error(Issue.SCHEMA_SHAPE, "view '" + v.name() + "': filter must be one SQL boolean "
            + "expression (no ';')", "Write only the WHERE condition, e.g. \"published = true\"."));
      }
    }
    Set<String> rpcKeys = new HashSet<>();
    for (RpcItem r : m.rpcs()) {
      if (!rpcKeys.add(r.name() + (r.signature() == null ? "" : r.signature().replace(" ", "")))) {
        out.add(Issue.error(Issue.SCHEMA_SHAPE, "rpc '" + r.name() + "' is listed twice", null));
      }
      for (String role : r.grantTo()) {
        if (!ROLES.contains(role)) {
          out.add(Issue.error(Issue.ROLE_UNKNOWN, "rpc '" + r.name() + "': unknown role '" + role + "' in grant_to",
              "Use anon, authenticated, service_role or project_admin."));
        }
      }
      if (r.grantTo().isEmpty()) {
        out.add(Issue.warning(Issue.SCHEMA_SHAPE, "rpc '" + r.name() + "' has an empty grant_to: nobody but the "
            + "service key can call it", null));
      }
    }
    return out;
  }

  private static void table(TableItem t, List<Issue> out) {
    if (t.policy() == null) {
      return; // expose:false without a policy: the table just stays dark
    }
    Policy p = t.policyEnum();
    if (p == Policy.PUBLIC_READ_WRITE_UNRESTRICTED && !Boolean.TRUE.equals(t.unrestrictedAck())) {
      out.add(Issue.error(Issue.UNRESTRICTED_ACK, "table '" + t.name() + "': public_read_write_UNRESTRICTED lets "
          + "anyone with the anon key insert, update and delete every row",
          "Set \"i_understand_this_is_unrestricted\": true, or choose public_read_authenticated_write."));
    }
    if (p == Policy.USER_OWNS_ROWS && t.ownerColumn() == null) {
      out.add(Issue.error(Issue.MISSING_COLUMN, "owner_column required for table '" + t.name()
          + "' with user_owns_rows", "Name the column holding the owner's user id, e.g. \"owner_column\": \"user_id\"."));
    }
    if (t.forceOwner() && t.ownerColumn() == null) {
      out.add(Issue.error(Issue.FORCE_OWNER_NO_COLUMN, "table '" + t.name() + "': force_owner_on_insert needs "
          + "owner_column", "Add \"owner_column\", or drop force_owner_on_insert."));
    }
    if (p == Policy.CUSTOM) {
      CustomSql.check(t.name(), t.customSql()).problem().ifPresent(why -> out.add(Issue.error(Issue.SCHEMA_SHAPE,
          "table '" + t.name() + "': " + why, "custom_sql holds only CREATE POLICY ... ON " + t.name() + " statements.")));
    } else if (t.customSql() != null) {
      out.add(Issue.warning(Issue.SCHEMA_SHAPE, "table '" + t.name() + "': custom_sql is ignored unless policy "
          + "is custom", null));
    }
  }
}

package com.run402.local.runtime.expose;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.expose.ExposeManifest.TableItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /projects/v1/admin/:id/rls} (legacy-gateway 1.4 and 5.5): the three RLS templates with
 * production's policy names, expressions (no TO clause) and messages. It drops and recreates only
 * the template's own policies, so others stay OR-ed in, as production does. Because tables are now
 * dark by default it also grants what production's default privileges gave. Unlike production
 * (any SQL error is a 500), an unknown table or column is a clean 400 before anything runs.
 */
final class LegacyRls {
  static final String USAGE = "Requires template (user_owns_rows, public_read, public_read_write) and tables array";
  private static final Set<String> TEMPLATES = Set.of("user_owns_rows", "public_read", "public_read_write");
  private static final String DML = "SELECT, INSERT, UPDATE, DELETE";

  record Entry(String table, String ownerColumn) {}

  record Request(String template, List<Entry> tables) {
    static Request parse(JsonNode body) {
      JsonNode t = body == null ? null : body.get("template");
      JsonNode tables = body == null ? null : body.get("tables");
      if (t == null || !t.isTextual() || !TEMPLATES.contains(t.asText()) || tables == null || !tables.isArray()) {
        throw ApiException.badRequest("invalid_request", USAGE);
      }
      List<Entry> out = new ArrayList<>();
      for (JsonNode e : tables) {
        JsonNode name = e.get("table");
        if (!e.isObject() || name == null || !name.isTextual() || !Ident.valid(name.asText())) {
          throw ApiException.badRequest("invalid_request", USAGE);
        }
        JsonNode owner = e.get("owner_column");
        boolean hasOwner = owner != null && owner.isTextual() && Ident.valid(owner.asText());
        if (t.asText().equals("user_owns_rows") && !hasOwner) {
          throw ApiException.badRequest("invalid_request", "owner_column required for table '" + name.asText()
              + "' with user_owns_rows template");
        }
        out.add(new Entry(name.asText(), hasOwner ? owner.asText() : null));
      }
      return new Request(t.asText(), List.copyOf(out));
    }
  }

  private LegacyRls() {}

  static List<String> statements(TenantRoles r, Request req, LiveSchema live) {
    List<String> out = new ArrayList<>();
    for (Entry e : req.tables()) {
      LiveSchema.Relation rel = live.relation(e.table()).filter(LiveSchema.Relation::isTable).orElseThrow(() ->
          new ApiException(400, "table_not_found", "Table '" + e.table() + "' does not exist in schema " + r.schema(),
              Map.of("table", e.table())));
      if (e.ownerColumn() != null && req.template().equals("user_owns_rows")
          && !rel.columns().containsKey(e.ownerColumn())) {
        throw new ApiException(400, "column_not_found", "Column '" + e.ownerColumn() + "' does not exist in table '"
            + e.table() + "'", Map.of("table", e.table(), "column", e.ownerColumn()));
      }
      String t = r.q(e.table());
      out.add("ALTER TABLE " + t + " ENABLE ROW LEVEL SECURITY");
      out.add("ALTER TABLE " + t + " FORCE ROW LEVEL SECURITY");
      for (Map.Entry<String, String[]> p : policies(req.template(), e.ownerColumn()).entrySet()) {
        out.add("DROP POLICY IF EXISTS " + Ident.q(p.getKey()) + " ON " + t);
        String[] cmd = p.getValue();
        out.add("CREATE POLICY " + Ident.q(p.getKey()) + " ON " + t + " FOR " + cmd[0]
            + (cmd[1] == null ? "" : " USING (" + cmd[1] + ")") + (cmd[2] == null ? "" : " WITH CHECK (" + cmd[2] + ")"));
      }
      String anon = Ident.q(r.anon());
      String authd = Ident.q(r.authenticated());
      // What production's default privileges plus the template's own GRANT amount to (legacy 5.1, 5.5).
      out.add("GRANT " + (req.template().equals("public_read_write") ? DML : "SELECT") + " ON " + t + " TO " + anon);
      out.add("GRANT " + DML + " ON " + t + " TO " + authd);
    }
    return out;
  }

  /** Policy name -> {command, USING, WITH CHECK}, exactly as legacy-gateway 5.5 lists them. */
  private static Map<String, String[]> policies(String template, String ownerColumn) {
    Map<String, String[]> m = new java.util.LinkedHashMap<>();
    switch (template) {
      case "user_owns_rows": {
        String own = Ident.q(ownerColumn) + "::text = auth.uid()::text";
        m.put("Users can view own rows", new String[] {"SELECT", own, null});
        m.put("Users can insert own rows", new String[] {"INSERT", null, own});
        m.put("Users can update own rows", new String[] {"UPDATE", own, null});
        m.put("Users can delete own rows", new String[] {"DELETE", own, null});
        break;
      }
      case "public_read":
        m.put("Anyone can read", new String[] {"SELECT", "true", null});
        m.put("Authenticated users can insert", new String[] {"INSERT", null, "auth.role() = 'authenticated'"});
        m.put("Authenticated users can update", new String[] {"UPDATE", "auth.role() = 'authenticated'", null});
        m.put("Authenticated users can delete", new String[] {"DELETE", "auth.role() = 'authenticated'", null});
        break;
      default:
        m.put("Anyone can read", new String[] {"SELECT", "true", null});
        m.put("Anyone can insert", new String[] {"INSERT", null, "true"});
        m.put("Anyone can update", new String[] {"UPDATE", "true", null});
        m.put("Anyone can delete", new String[] {"DELETE", "true", null});
    }
    return m;
  }

  /** The stored manifest with these tables under the matching manifest policy. */
  static ExposeManifest merge(ExposeManifest m, Request req) {
    List<TableItem> tables = new ArrayList<>(m.tables());
    for (Entry e : req.tables()) {
      tables.removeIf(t -> t.name().equals(e.table()));
      switch (req.template()) {
        case "user_owns_rows":
          tables.add(new TableItem(e.table(), true, Policy.USER_OWNS_ROWS.wire(), e.ownerColumn(), null, null, null));
          break;
        case "public_read":
          tables.add(new TableItem(e.table(), true, Policy.PUBLIC_READ_AUTHENTICATED_WRITE.wire(), null, null, null,
              null));
          break;
        default:
          tables.add(new TableItem(e.table(), true, Policy.PUBLIC_READ_WRITE_UNRESTRICTED.wire(), null, null, true,
              null));
      }
    }
    return new ExposeManifest(m.version(), tables, m.views(), m.rpcs());
  }
}

package com.run402.local.runtime.expose;

import com.run402.local.runtime.expose.ExposeManifest.RpcItem;
import com.run402.local.runtime.expose.ExposeManifest.TableItem;
import com.run402.local.runtime.expose.ExposeManifest.ViewItem;
import com.run402.local.runtime.expose.LiveSchema.Relation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks a self-consistent manifest against a project's live schema. */
final class LiveChecks {
  /** Columns nobody should be able to overwrite in someone else's row. */
  private static final Pattern SENSITIVE = Pattern.compile(
      "(?i).*(password|passwd|secret|token|api_?key|private_?key|is_admin|^role$|^roles$|permission|balance"
          + "|^owner|^user_id$).*");

  private LiveChecks() {}

  static List<Issue> check(ExposeManifest m, LiveSchema live) {
    List<Issue> out = new ArrayList<>();
    m.tables().forEach(t -> table(t, live, out));
    m.views().forEach(v -> view(v, live, out));
    m.rpcs().forEach(r -> rpc(r, live, out));
    return out;
  }

  private static void table(TableItem t, LiveSchema live, List<Issue> out) {
    Optional<Relation> rel = live.relation(t.name()).filter(Relation::isTable);
    if (rel.isEmpty()) {
      out.add(Issue.error(Issue.MISSING_TABLE, "table '" + t.name() + "' does not exist in schema " + live.schema(),
          "Create it in a migration first (POST /projects/v1/admin/:id/sql), or remove it from the manifest."));
      return;
    }
    if (t.ownerColumn() != null && !rel.get().columns().containsKey(t.ownerColumn())) {
      out.add(Issue.error(Issue.MISSING_COLUMN, "table '" + t.name() + "' has no column '" + t.ownerColumn() + "'",
          "owner_column must name an existing column (usually uuid) holding auth.uid()."));
    }
    if (t.policy() == null || !t.expose()) {
      return;
    }
    Policy p = t.policyEnum();
    if (p == Policy.PUBLIC_READ_WRITE_UNRESTRICTED || p == Policy.PUBLIC_READ_AUTHENTICATED_WRITE) {
      String who = p == Policy.PUBLIC_READ_WRITE_UNRESTRICTED ? "anyone" : "any signed-in user";
      for (String col : rel.get().columns().keySet()) {
        if (SENSITIVE.matcher(col).matches()) {
          out.add(Issue.warning(Issue.SENSITIVE_PUBLIC_WRITE, "table '" + t.name() + "': column '" + col
              + "' looks sensitive, and " + p.wire() + " lets " + who + " write it in every row",
              "Use user_owns_rows, a custom policy, or move the column to a table that is not exposed."));
        }
      }
    }
  }

  private static void view(ViewItem v, LiveSchema live, List<Issue> out) {
    Optional<Relation> existing = live.relation(v.name());
    if (existing.isPresent() && !existing.get().isView()) {
      out.add(Issue.error(Issue.SCHEMA_SHAPE, "view '" + v.name() + "': a table of that name already exists",
          "Pick another view name."));
    }
    Optional<Relation> base = live.relation(v.base());
    if (base.isEmpty()) {
      out.add(Issue.error(Issue.MISSING_VIEW_BASE, "view '" + v.name() + "': base '" + v.base()
          + "' does not exist in schema " + live.schema(), "base must name an existing table or view."));
      return;
    }
    for (String col : v.select()) {
      if (!base.get().columns().containsKey(col)) {
        out.add(Issue.error(Issue.MISSING_COLUMN, "view '" + v.name() + "': '" + v.base() + "' has no column '"
            + col + "'", null));
      }
    }
  }

  private static void rpc(RpcItem r, LiveSchema live, List<Issue> out) {
    List<LiveSchema.Function> fs = live.overloads(r.name());
    if (fs.isEmpty()) {
      out.add(Issue.error(Issue.MISSING_RPC, "function '" + r.name() + "' does not exist in schema " + live.schema(),
          "Create it in a migration first."));
    } else if (r.signature() == null && fs.size() > 1) {
      out.add(Issue.error(Issue.AMBIGUOUS_RPC, "function '" + r.name() + "' has " + fs.size() + " overloads",
          "Add \"signature\", one of: " + fs.stream().map(f -> "(" + f.argTypes() + ")").toList()));
    } else if (r.signature() != null && live.resolve(r).isEmpty()) {
      out.add(Issue.error(Issue.MISSING_RPC, "function '" + r.name() + r.signature() + "' does not exist",
          "Existing overloads: " + fs.stream().map(f -> "(" + f.argTypes() + ")").toList()));
    }
  }
}

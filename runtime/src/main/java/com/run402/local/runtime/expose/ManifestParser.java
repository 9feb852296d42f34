package com.run402.local.runtime.expose;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.runtime.expose.ExposeManifest.RpcItem;
import com.run402.local.runtime.expose.ExposeManifest.TableItem;
import com.run402.local.runtime.expose.ExposeManifest.ViewItem;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a manifest from JSON by hand rather than by data binding, so that every wrong type or
 * missing field becomes a {@code schema-shape} issue naming the JSON path instead of a Jackson
 * stack trace. The manifest is null when any shape error was found.
 */
public final class ManifestParser {
  /** A parenthesised argument list of type names only: no statement can hide in it. */
  static final Pattern SIGNATURE = Pattern.compile("\\([A-Za-z0-9_ ,.\\[\\]\"()]*\\)");
  private static final Set<String> TABLE_KEYS = Set.of("name", "expose", "policy", "owner_column",
      "force_owner_on_insert", "i_understand_this_is_unrestricted", "custom_sql");
  private static final Set<String> VIEW_KEYS = Set.of("name", "base", "select", "filter", "expose");
  private static final Set<String> RPC_KEYS = Set.of("name", "signature", "grant_to");

  /** The manifest (null when the shape is wrong) and every issue found while reading it. */
  public record Parsed(ExposeManifest manifest, List<Issue> issues) {}

  private final List<Issue> issues = new ArrayList<>();
  private boolean broken;

  private ManifestParser() {}

  public static Parsed parse(JsonNode root) {
    ManifestParser p = new ManifestParser();
    ExposeManifest m = p.manifest(root);
    return new Parsed(p.broken ? null : m, List.copyOf(p.issues));
  }

  private ExposeManifest manifest(JsonNode root) {
    if (root == null || !root.isObject()) {
      error("$", "the manifest must be a JSON object {version, tables, views, rpcs}");
      return null;
    }
    JsonNode v = root.get("version");
    if (v != null && !v.isNull() && !("1".equals(v.asText()) && (v.isTextual() || v.isInt()))) {
      error("$.version", "version must be \"1\"");
    }
    unknownKeys(root, Set.of("version", "tables", "views", "rpcs"), "$");
    List<TableItem> tables = new ArrayList<>();
    each(root, "tables", (n, path) -> tables.add(table(n, path)));
    List<ViewItem> views = new ArrayList<>();
    each(root, "views", (n, path) -> views.add(view(n, path)));
    List<RpcItem> rpcs = new ArrayList<>();
    each(root, "rpcs", (n, path) -> rpcs.add(rpc(n, path)));
    return broken ? null : new ExposeManifest("1", tables, views, rpcs);
  }

  private TableItem table(JsonNode n, String path) {
    unknownKeys(n, TABLE_KEYS, path);
    String name = name(n, "name", path);
    boolean expose = bool(n, "expose", path, true);
    String policy = str(n, "policy", path, false);
    if (policy == null && expose) {
      error(path + ".policy", "policy is required: one of user_owns_rows, public_read_authenticated_write, "
          + "public_read_write_UNRESTRICTED, custom");
    } else if (policy != null && Policy.fromWire(policy).isEmpty()) {
      error(path + ".policy", "unknown policy '" + policy + "': use one of user_owns_rows, "
          + "public_read_authenticated_write, public_read_write_UNRESTRICTED, custom");
    }
    String owner = n.has("owner_column") && !n.get("owner_column").isNull() ? name(n, "owner_column", path) : null;
    Boolean force = n.has("force_owner_on_insert") ? bool(n, "force_owner_on_insert", path, false) : null;
    Boolean ack = n.has("i_understand_this_is_unrestricted")
        ? bool(n, "i_understand_this_is_unrestricted", path, false) : null;
    String custom = str(n, "custom_sql", path, false);
    return new TableItem(name, expose, policy, owner, force, ack, custom);
  }

  private ViewItem view(JsonNode n, String path) {
    unknownKeys(n, VIEW_KEYS, path);
    String name = name(n, "name", path);
    String base = name(n, "base", path);
    List<String> select = new ArrayList<>();
    JsonNode s = n.get("select");
    if (s == null || !s.isArray() || s.isEmpty()) {
      error(path + ".select", "select must be a non-empty array of column names");
    } else {
      for (int i = 0; i < s.size(); i++) {
        if (!s.get(i).isTextual() || !Ident.valid(s.get(i).asText())) {
          error(path + ".select[" + i + "]", "must be a column name (a string of 1 to 63 bytes)");
        } else {
          select.add(s.get(i).asText());
        }
      }
    }
    String filter = str(n, "filter", path, false);
    boolean expose = bool(n, "expose", path, true);
    return new ViewItem(name, base, select, filter == null || filter.isBlank() ? null : filter, expose);
  }

  private RpcItem rpc(JsonNode n, String path) {
    unknownKeys(n, RPC_KEYS, path);
    String name = name(n, "name", path);
    String sig = str(n, "signature", path, false);
    if (sig != null && !SIGNATURE.matcher(sig.trim()).matches()) {
      error(path + ".signature", "signature must be a parenthesised list of argument types, e.g. \"(uuid, text)\"");
    }
    List<String> grantTo = new ArrayList<>();
    JsonNode g = n.get("grant_to");
    if (g == null || !g.isArray()) {
      error(path + ".grant_to", "grant_to must be an array of roles (anon, authenticated, service_role, project_admin)");
    } else {
      for (int i = 0; i < g.size(); i++) {
        if (!g.get(i).isTextual()) {
          error(path + ".grant_to[" + i + "]", "must be a role name string");
        } else {
          grantTo.add(g.get(i).asText());
        }
      }
    }
    return new RpcItem(name, sig == null ? null : sig.trim(), grantTo);
  }

  @FunctionalInterface
  private interface ItemReader {
    void read(JsonNode n, String path);
  }

  private void each(JsonNode root, String field, ItemReader r) {
    JsonNode arr = root.get(field);
    if (arr == null || arr.isNull()) {
      return;
    }
    if (!arr.isArray()) {
      error("$." + field, field + " must be an array");
      return;
    }
    for (int i = 0; i < arr.size(); i++) {
      String path = "$." + field + "[" + i + "]";
      if (!arr.get(i).isObject()) {
        error(path, "each entry of " + field + " must be an object");
      } else {
        r.read(arr.get(i), path);
      }
    }
  }

  private String name(JsonNode n, String field, String path) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || !Ident.valid(v.asText())) {
      error(path + "." + field, field + " must be a name (a string of 1 to 63 bytes)");
      return null;
    }
    return v.asText();
  }

  private String str(JsonNode n, String field, String path, boolean required) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        error(path + "." + field, field + " is required");
      }
      return null;
    }
    if (!v.isTextual()) {
      error(path + "." + field, field + " must be a string");
      return null;
    }
    return v.asText();
  }

  private boolean bool(JsonNode n, String field, String path, boolean dflt) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isBoolean()) {
      error(path + "." + field, field + " must be true or false");
      return dflt;
    }
    return v.asBoolean();
  }

  private void unknownKeys(JsonNode n, Set<String> known, String path) {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!known.contains(k)) {
        issues.add(Issue.warning(Issue.SCHEMA_SHAPE, path + "." + k + ": unknown field, ignored", null));
      }
    }
  }

  private void error(String path, String detail) {
    broken = true;
    issues.add(Issue.error(Issue.SCHEMA_SHAPE, path + ": " + detail, null));
  }
}

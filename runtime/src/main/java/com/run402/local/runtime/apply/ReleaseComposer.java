package com.run402.local.runtime.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.error.ApiException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Lays a Cloud-dialect wire spec (api-contract 2.2) over the live release; pure apart from the inputs. */
final class ReleaseComposer {
  /** Production's per-deployment limit (legacy-gateway 0.2, 7.2). */
  static final long SITE_LIMIT = 50L * 1024 * 1024;
  private static final Set<String> TOP = Set.of("project_id", "base", "i18n", "database", "secrets", "functions",
      "site", "subdomains", "routes", "checks", "assets");

  private final ObjectMapper json;

  ReleaseComposer(ObjectMapper json) {
    this.json = json;
  }

  ObjectNode empty() {
    ObjectNode m = json.createObjectNode();
    ObjectNode site = m.putObject("site");
    site.putObject("files");
    site.putNull("public_paths");
    m.putObject("functions");
    m.putObject("secrets").putArray("require");
    m.putArray("subdomains");
    m.putNull("routes");
    ObjectNode db = m.putObject("database");
    db.putNull("expose");
    db.putArray("migrations");
    m.putNull("i18n");
    return m;
  }

  /** {@code applied}: migration id -> checksum already applied in the project. */
  Composed compose(ObjectNode base, JsonNode spec, Map<String, String> applied) {
    for (Iterator<String> it = spec.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!TOP.contains(f)) {
        throw WireRef.invalid("spec." + f, "unknown field (allowed: " + new java.util.TreeSet<>(TOP) + ")");
      }
    }
    ObjectNode m = base == null ? empty() : base.deepCopy();
    ((ObjectNode) m.get("database")).set("migrations", json.createArrayNode()); // per release: what it ran
    Map<String, WireRef> refs = new LinkedHashMap<>();
    ObjectNode diff = json.createObjectNode();
    long[] site = site(m, spec.get("site"), refs, diff);
    FunctionsComposer.compose(m, spec.get("functions"), refs, diff);
    List<Composed.Migration> migrations = new ArrayList<>();
    List<String> noop = new ArrayList<>();
    ObjectNode expose = database(m, spec.get("database"), refs, applied, migrations, noop, diff);
    List<String> secretDeletes = secrets(m, spec.get("secrets"), diff);
    ArrayNode added = json.createArrayNode();
    ArrayNode removed = json.createArrayNode();
    subdomains(m, spec.get("subdomains"), added, removed, diff);
    routes(m, spec.get("routes"), diff);
    ObjectNode assets = assets(spec.get("assets"), refs);
    if (spec.has("i18n")) {
      m.set("i18n", spec.get("i18n"));
    }
    boolean noopAll = diff.path("static_assets").path("added").asInt() + diff.path("static_assets").path("changed")
        .asInt() + diff.path("static_assets").path("removed").asInt() == 0
        && migrations.isEmpty() && expose == null && secretDeletes.isEmpty() && added.isEmpty() && removed.isEmpty()
        && diff.path("functions").path("added").isEmpty() && diff.path("functions").path("removed").isEmpty()
        && diff.path("functions").path("changed").isEmpty() && !spec.has("routes") && assets == null;
    diff.put("is_noop", noopAll);
    return new Composed(m, refs, migrations, noop, expose, secretDeletes, assets, diff, added, removed, site[0],
        (int) site[1]);
  }

  private long[] site(ObjectNode m, JsonNode site, Map<String, WireRef> refs, ObjectNode diff) {
    ObjectNode siteNode = (ObjectNode) m.get("site");
    ObjectNode before = (ObjectNode) siteNode.get("files");
    TreeMap<String, WireRef> files = new TreeMap<>();
    before.fields().forEachRemaining(e -> files.put(e.getKey(), WireRef.parse(e.getValue(), "site")));
    if (site != null && !site.isNull()) {
      if (!site.isObject()) {
        throw WireRef.invalid("site", "must be an object");
      }
      if (site.has("replace")) {
        files.clear();
        putFiles(files, site.get("replace"), "site.replace", refs);
      } else if (site.has("patch")) {
        JsonNode patch = site.get("patch");
        if (patch.has("put")) {
          putFiles(files, patch.get("put"), "site.patch.put", refs);
        }
        if (patch.has("delete")) {
          for (JsonNode d : array(patch.get("delete"), "site.patch.delete")) {
            files.remove(SitePath.relative(d.asText(), "site.patch.delete"));
          }
        }
      }
      if (site.has("public_paths")) {
        siteNode.set("public_paths", site.get("public_paths"));
      }
    }
    ArrayNode added = json.createArrayNode();
    ArrayNode changed = json.createArrayNode();
    ArrayNode removed = json.createArrayNode();
    int unchanged = 0;
    long total = 0;
    ObjectNode out = json.createObjectNode();
    for (Map.Entry<String, WireRef> e : files.entrySet()) {
      JsonNode old = before.get(e.getKey());
      if (old == null) {
        added.add(e.getKey());
      } else if (!old.path("sha256").asText().equals(e.getValue().sha256())) {
        changed.add(e.getKey());
      } else {
        unchanged++;
      }
      total += e.getValue().size();
      e.getValue().toJson(out.putObject(e.getKey()));
    }
    before.fieldNames().forEachRemaining(p -> {
      if (!files.containsKey(p)) {
        removed.add(p);
      }
    });
    if (total > SITE_LIMIT) {
      throw new ApiException(413, "payload_too_large", "The site is " + total + " bytes; a deployment may hold at most "
          + SITE_LIMIT + " bytes (50 MB)", Map.of("code", "SITE_TOO_LARGE", "resource", "site"));
    }
    siteNode.set("files", out);
    ObjectNode d = diff.putObject("site");
    d.set("added", added);
    d.set("changed", changed);
    d.set("removed", removed);
    ObjectNode sa = diff.putObject("static_assets");
    sa.put("added", added.size());
    sa.put("changed", changed.size());
    sa.put("removed", removed.size());
    sa.put("unchanged", unchanged);
    return new long[] {total, files.size()};
  }

  private void putFiles(Map<String, WireRef> files, JsonNode map, String field, Map<String, WireRef> refs) {
    if (map == null || !map.isObject()) {
      throw WireRef.invalid(field, "must be an object of path -> content ref");
    }
    map.fields().forEachRemaining(e -> {
      String p = SitePath.relative(e.getKey(), field);
      WireRef r = WireRef.parse(e.getValue(), field + "." + p);
      if (r.contentType() == null) {
        r = new WireRef(r.sha256(), r.size(), com.run402.local.runtime.sites.Mime.of(p));
      }
      files.put(p, r);
      refs.putIfAbsent(r.sha256(), r);
    });
  }

  private ObjectNode database(ObjectNode m, JsonNode db, Map<String, WireRef> refs, Map<String, String> applied,
      List<Composed.Migration> out, List<String> noop, ObjectNode diff) {
    ObjectNode d = diff.putObject("migrations");
    ArrayNode nw = d.putArray("new");
    ArrayNode nop = d.putArray("noop");
    if (db == null || db.isNull()) {
      return null;
    }
    Set<String> seen = new LinkedHashSet<>();
    for (JsonNode mig : array(db.path("migrations").isMissingNode() ? json.createArrayNode() : db.get("migrations"),
        "database.migrations")) {
      String id = mig.path("id").asText("");
      if (id.isEmpty() || id.length() > 200 || id.chars().anyMatch(c -> c < 0x20)) {
        throw WireRef.invalid("database.migrations", "every migration needs an id (1-200 printable characters)");
      }
      if (!seen.add(id)) {
        throw WireRef.invalid("database.migrations", "migration id '" + id + "' appears twice");
      }
      WireRef sql = WireRef.parse(mig.get("sql_ref"), "database.migrations." + id + ".sql_ref");
      String checksum = mig.path("checksum").asText(sql.sha256()).toLowerCase(java.util.Locale.ROOT);
      String old = applied.get(id);
      if (old != null && !old.equals(checksum)) {
        throw new ApiException(409, "migration_checksum_mismatch", "Migration '" + id + "' was already applied with "
            + "checksum " + old + "; this spec has " + checksum + ". Migrations are immutable: give the change a new id.",
            Map.of("code", "MIGRATION_CHECKSUM_MISMATCH", "resource", "database.migrations." + id,
                "safe_to_retry", false));
      }
      if (old != null) {
        noop.add(id);
        nop.addObject().put("id", id);
        continue;
      }
      refs.putIfAbsent(sql.sha256(), sql);
      boolean tx = !"none".equals(mig.path("transaction").asText(""));
      out.add(new Composed.Migration(id, checksum, sql, tx));
      nw.addObject().put("id", id).put("checksum", checksum);
      ((ArrayNode) m.get("database").get("migrations")).add(id);
    }
    JsonNode expose = db.get("expose");
    if (expose != null && !expose.isNull()) {
      if (!expose.isObject()) {
        throw WireRef.invalid("database.expose", "must be an expose manifest object");
      }
      ((ObjectNode) m.get("database")).set("expose", expose);
      return (ObjectNode) expose;
    }
    return null;
  }

  private List<String> secrets(ObjectNode m, JsonNode s, ObjectNode diff) {
    ObjectNode d = diff.putObject("secrets");
    ArrayNode added = d.putArray("added");
    ArrayNode removed = d.putArray("removed");
    List<String> deletes = new ArrayList<>();
    if (s == null || s.isNull()) {
      return deletes;
    }
    if (s.has("require")) {
      ArrayNode req = json.createArrayNode();
      for (JsonNode k : array(s.get("require"), "secrets.require")) {
        req.add(secretKey(k.asText(), "secrets.require"));
        added.add(k.asText());
      }
      ((ObjectNode) m.get("secrets")).set("require", req);
    }
    if (s.has("delete")) {
      for (JsonNode k : array(s.get("delete"), "secrets.delete")) {
        deletes.add(secretKey(k.asText(), "secrets.delete"));
        removed.add(k.asText());
      }
    }
    return deletes;
  }

  static String secretKey(String k, String field) {
    if (!k.matches("[A-Z_][A-Z0-9_]{0,127}")) {
      throw WireRef.invalid(field, "secret key '" + k + "' must match ^[A-Z_][A-Z0-9_]{0,127}$");
    }
    return k;
  }

  private void subdomains(ObjectNode m, JsonNode s, ArrayNode added, ArrayNode removed, ObjectNode diff) {
    ArrayNode before = (ArrayNode) m.get("subdomains");
    Set<String> now = new LinkedHashSet<>();
    before.forEach(n -> now.add(n.asText()));
    Set<String> old = new LinkedHashSet<>(now);
    if (s != null && !s.isNull()) {
      if (s.has("set")) {
        now.clear();
        array(s.get("set"), "subdomains.set").forEach(n -> now.add(name(n)));
      }
      if (s.has("add")) {
        array(s.get("add"), "subdomains.add").forEach(n -> now.add(name(n)));
      }
      if (s.has("remove")) {
        array(s.get("remove"), "subdomains.remove").forEach(n -> now.remove(name(n)));
      }
    }
    now.stream().filter(n -> !old.contains(n)).forEach(added::add);
    old.stream().filter(n -> !now.contains(n)).forEach(removed::add);
    ArrayNode after = json.createArrayNode();
    now.forEach(after::add);
    m.set("subdomains", after);
    ObjectNode d = diff.putObject("subdomains");
    d.set("added", added);
    d.set("removed", removed);
  }

  private static String name(JsonNode n) {
    return com.run402.local.runtime.subdomains.SubdomainNames.check(n.isTextual() ? n.asText() : null);
  }

  private void routes(ObjectNode m, JsonNode r, ObjectNode diff) {
    ObjectNode d = diff.putObject("routes");
    ArrayNode added = d.putArray("added");
    ArrayNode changed = d.putArray("changed");
    ArrayNode removed = d.putArray("removed");
    if (r == null) {
      return;
    }
    JsonNode before = m.get("routes");
    JsonNode after = r.isNull() ? r : r.get("replace");
    if (after != null && !after.isNull()) {
      for (JsonNode e : array(after, "routes.replace")) {
        String pattern = e.path("pattern").asText("");
        if (!pattern.startsWith("/") || pattern.indexOf('\0') >= 0 || pattern.contains("..")) {
          throw WireRef.invalid("routes.replace", "pattern '" + pattern + "' must start with / and contain no '..'");
        }
        JsonNode t = e.path("target");
        if (!t.path("type").asText().equals("static") && !t.path("type").asText().equals("function")) {
          throw WireRef.invalid("routes.replace", "target.type must be static or function");
        }
        boolean existed = before != null && before.isArray() && containsPattern(before, pattern);
        (existed ? changed : added).add(pattern);
      }
    }
    if (before != null && before.isArray()) {
      before.forEach(b -> {
        if (after == null || after.isNull() || !containsPattern(after, b.path("pattern").asText())) {
          removed.add(b.path("pattern").asText());
        }
      });
    }
    m.set("routes", after == null ? json.nullNode() : after);
  }

  private static boolean containsPattern(JsonNode routes, String pattern) {
    for (JsonNode e : routes) {
      if (e.path("pattern").asText().equals(pattern)) {
        return true;
      }
    }
    return false;
  }

  private ObjectNode assets(JsonNode a, Map<String, WireRef> refs) {
    if (a == null || a.isNull()) {
      return null;
    }
    if (a.has("put")) {
      for (JsonNode e : array(a.get("put"), "assets.put")) {
        String key = e.path("key").asText("");
        try {
          com.run402.local.runtime.storage.ObjectKeys.check(key);
        } catch (com.run402.local.runtime.storage.ObjectKeys.InvalidKey ex) {
          throw WireRef.invalid("assets.put", ex.getMessage());
        }
        ObjectNode ref = json.createObjectNode();
        ref.set("sha256", e.get("sha256"));
        ref.set("size", e.get("size_bytes"));
        ref.set("content_type", e.get("content_type"));
        WireRef r = WireRef.parse(ref, "assets.put." + key);
        refs.putIfAbsent(r.sha256(), r);
      }
    }
    if (a.has("delete")) {
      array(a.get("delete"), "assets.delete");
    }
    return (ObjectNode) a;
  }

  static JsonNode array(JsonNode n, String field) {
    if (n == null || !n.isArray()) {
      throw WireRef.invalid(field, "must be an array");
    }
    return n;
  }
}

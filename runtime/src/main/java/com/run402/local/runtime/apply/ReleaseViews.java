package com.run402.local.runtime.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.JsonDigest;
import com.run402.local.runtime.projects.Project;
import java.util.Iterator;
import java.util.Map;

/** {@code ReleaseInventory} and {@code release_diff} shapes (api-contract 2.2). */
final class ReleaseViews {
  private final ApplyStore store;
  private final ObjectMapper json;

  ReleaseViews(ApplyStore store, ObjectMapper json) {
    this.store = store;
    this.json = json;
  }

  ObjectNode inventory(Project p, ApplyStore.Release r, int siteLimit, String status) {
    ObjectNode o = json.createObjectNode();
    o.put("kind", "release_inventory");
    o.put("release_id", r.id());
    o.put("project_id", p.id());
    o.put("status", status);
    o.put("manifest_digest", r.manifestDigest());
    o.put("created_at", r.createdAt().toString());
    o.put("operation_id", r.operationId());
    JsonNode m = r.manifest();
    ObjectNode site = o.putObject("site");
    ArrayNode paths = site.putArray("paths");
    int n = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = m.get("site").get("files").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (n++ >= siteLimit) {
        break;
      }
      paths.addObject().put("path", "/" + e.getKey()).setAll((ObjectNode) e.getValue());
    }
    site.put("total_paths", r.siteFiles());
    site.put("total_bytes", r.siteBytes());
    site.put("truncated", r.siteFiles() > siteLimit);
    o.set("static_public_paths", m.get("site").get("public_paths"));
    ArrayNode fns = o.putArray("functions");
    m.get("functions").fields().forEachRemaining(e -> {
      ObjectNode f = fns.addObject().put("name", e.getKey());
      f.setAll((ObjectNode) e.getValue());
      if (!f.has("schedule")) {
        f.putNull("schedule");
      }
    });
    o.putObject("secrets").set("keys", m.get("secrets").get("require"));
    o.putObject("subdomains").set("names", m.get("subdomains"));
    ObjectNode routes = o.putObject("routes");
    routes.put("manifest_sha256", JsonDigest.of(m.get("routes")).substring(7));
    routes.set("entries", m.get("routes").isNull() ? json.createArrayNode() : m.get("routes"));
    o.putArray("warnings");
    ArrayNode applied = o.putArray("migrations_applied");
    store.appliedMigrations(p.id()).forEach(a -> applied.addObject().put("migration_id", a.id())
        .put("checksum", a.checksum()).put("applied_at", a.at().toString()));
    o.set("database", m.get("database"));
    return o;
  }

  ObjectNode diff(Project p, ApplyStore.Release from, ApplyStore.Release to, int limit) {
    ObjectNode o = json.createObjectNode();
    o.put("kind", "release_diff");
    o.put("project_id", p.id());
    o.put("from_release_id", from == null ? null : from.id());
    o.put("to_release_id", to.id());
    JsonNode a = from == null ? json.createObjectNode() : from.manifest().get("site").get("files");
    JsonNode b = to.manifest().get("site").get("files");
    ArrayNode added = json.createArrayNode();
    ArrayNode changed = json.createArrayNode();
    ArrayNode removed = json.createArrayNode();
    b.fields().forEachRemaining(e -> {
      if (!a.has(e.getKey())) {
        add(added, e.getKey(), limit);
      } else if (!a.get(e.getKey()).get("sha256").equals(e.getValue().get("sha256"))) {
        add(changed, e.getKey(), limit);
      }
    });
    a.fieldNames().forEachRemaining(k -> {
      if (!b.has(k)) {
        add(removed, k, limit);
      }
    });
    ObjectNode site = o.putObject("site");
    site.set("added", added);
    site.set("changed", changed);
    site.set("removed", removed);
    JsonNode fa = from == null ? json.createObjectNode() : from.manifest().get("functions");
    JsonNode fb = to.manifest().get("functions");
    ObjectNode fns = o.putObject("functions");
    ArrayNode fAdded = fns.putArray("added");
    ArrayNode fChanged = fns.putArray("changed");
    ArrayNode fRemoved = fns.putArray("removed");
    fb.fields().forEachRemaining(e -> {
      if (!fa.has(e.getKey())) {
        fAdded.add(e.getKey());
      } else if (!fa.get(e.getKey()).equals(e.getValue())) {
        fChanged.add(e.getKey());
      }
    });
    fa.fieldNames().forEachRemaining(k -> {
      if (!fb.has(k)) {
        fRemoved.add(k);
      }
    });
    o.putObject("migrations").set("new", to.manifest().get("database").get("migrations"));
    return o;
  }

  private static void add(ArrayNode arr, String path, int limit) {
    if (arr.size() < limit) {
      arr.add("/" + path);
    }
  }
}

package com.run402.local.runtime.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.JsonDigest;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.projects.Project;
import com.run402.local.runtime.secrets.Secrets;
import com.run402.local.runtime.storage.AssetRefs;
import com.run402.local.runtime.subdomains.Subdomains;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** {@code POST /apply/v1/plans}: validates and diffs a spec against the live release (api-contract 2.2 PlanResponse). */
final class Plans {
  static final Duration TTL = Duration.ofHours(24);

  private final ApplyStore store;
  private final ReleaseComposer composer;
  private final Activator activator;
  private final ContentOwners owners;
  private final Secrets secrets;
  private final Subdomains subdomains;
  private final ObjectMapper json;
  private final Clock clock;

  Plans(ApplyStore store, ReleaseComposer composer, Activator activator, ContentOwners owners, Secrets secrets,
      Subdomains subdomains, ObjectMapper json, Clock clock) {
    this.store = store;
    this.composer = composer;
    this.activator = activator;
    this.owners = owners;
    this.secrets = secrets;
    this.subdomains = subdomains;
    this.json = json;
    this.clock = clock;
  }

  /** The spec of a plan body (the wire spec, or 501 for the CAS-uploaded manifest form). */
  static JsonNode spec(JsonNode body) {
    if (body == null || !body.isObject() || !body.path("spec").isObject()) {
      throw WireRef.invalid("spec", "the body must be {spec: {project_id, ...}}");
    }
    if (body.has("manifest_ref")) {
      throw new ApiException(501, "not_emulated", "manifest_ref (specs over 5 MiB uploaded to CAS) is not emulated by "
          + "run402-local yet");
    }
    JsonNode spec = body.get("spec");
    if (!spec.path("project_id").isTextual()) {
      throw WireRef.invalid("spec.project_id", "is required");
    }
    if (spec.path("assets").has("sync")) {
      throw new ApiException(501, "not_emulated", "assets.sync in apply is not emulated by run402-local yet");
    }
    return spec;
  }

  ObjectNode plan(Project p, JsonNode body, boolean dryRun, String apiBase) {
    JsonNode spec = spec(body);
    ApplyStore.Release base = store.active(p.id()).orElse(null);
    Composed c = composer.compose(base == null ? null : base.manifest(), spec, activator.applied(p.id()));
    subdomains.requireAvailable(p.id(), names(c.subdomainsAdded()));
    ObjectNode out = json.createObjectNode();
    out.put("kind", "plan_response");
    out.put("schema_version", "plan-response.v1");
    String planId = dryRun ? null : Ids.next("plan");
    String opId = dryRun ? null : Ids.next("op");
    out.put("plan_id", planId);
    out.put("operation_id", opId);
    out.put("base_release_id", base == null ? null : base.id());
    String digest = JsonDigest.of(c.manifest());
    out.put("manifest_digest", digest);
    ArrayNode missing = out.putArray("missing_content");
    long uploaded = 0;
    long reused = 0;
    java.util.List<String> named = new java.util.ArrayList<>();
    c.refs().values().forEach(r -> named.add(r.sha256()));
    iterable(c.manifest().get("site").get("files")).forEach(f -> named.add(f.getValue().get("sha256").asText()));
    java.util.Set<String> owned = owners.present(p.id(), named);
    for (WireRef r : c.refs().values()) {
      boolean present = owned.contains(r.sha256());
      missing.addObject().put("sha256", r.sha256()).put("size", r.size()).put("present", present);
    }
    for (Map.Entry<String, JsonNode> f : iterable(c.manifest().get("site").get("files"))) {
      long size = f.getValue().get("size").asLong();
      if (owned.contains(f.getValue().get("sha256").asText())) {
        reused += size;
      } else {
        uploaded += size;
      }
    }
    ObjectNode sa = (ObjectNode) c.diff().get("static_assets");
    sa.put("newly_uploaded_cas_bytes", uploaded);
    sa.put("reused_cas_bytes", reused);
    sa.put("deployment_copy_bytes_eliminated", reused);
    c.diff().fields().forEachRemaining(e -> out.set(e.getKey(), e.getValue()));
    out.put("summary", summary(c));
    out.set("diff", c.diff().deepCopy().put("summary", summary(c)));
    ArrayNode warnings = out.putArray("warnings");
    Set<String> have = secrets.keys(p.id());
    for (JsonNode k : c.manifest().get("secrets").get("require")) {
      if (!have.contains(k.asText())) {
        ObjectNode w = warnings.addObject();
        w.put("code", "MISSING_REQUIRED_SECRET");
        w.put("severity", "high");
        w.put("requires_confirmation", false);
        w.put("message", "Secret " + k.asText() + " is required by this release but is not set. Set it with "
            + "POST /projects/v1/admin/" + p.id() + "/secrets first.");
        w.putArray("affected").add("secrets." + k.asText());
      }
    }
    ((ObjectNode) out.get("diff")).set("warnings", warnings);
    if (c.assets() != null) {
      out.set("asset_entries", assetEntries(p, c.assets(), apiBase));
    }
    out.putNull("payment_required");
    out.put("plan_fingerprint", digest);
    Instant now = clock.instant();
    out.put("plan_expires_at", dryRun ? null : now.plus(TTL).toString());
    if (!dryRun) {
      store.insertPlan(new ApplyStore.Plan(planId, p.id(), opId, spec, base == null ? null : base.id(), digest, null,
          now.plus(TTL), now));
    }
    return out;
  }

  private ArrayNode assetEntries(Project p, ObjectNode assets, String apiBase) {
    ArrayNode out = json.createArrayNode();
    java.util.List<String> named = new java.util.ArrayList<>();
    assets.path("put").forEach(e -> named.add(e.path("sha256").asText()));
    java.util.Set<String> owned = owners.present(p.id(), named);
    for (JsonNode e : assets.path("put")) {
      ObjectNode o = out.addObject();
      String key = e.get("key").asText();
      String sha = e.get("sha256").asText();
      o.put("key", key);
      o.put("sha256", sha);
      o.set("size_bytes", e.get("size_bytes"));
      o.set("content_type", e.get("content_type"));
      o.put("visibility", e.path("visibility").asText("public"));
      boolean immutable = e.path("immutable").asBoolean(true);
      o.put("immutable", immutable);
      o.put("status", owned.contains(sha) ? "present" : "upload_pending"); // the SDK's word (deploy.ts plan entries)
      ObjectNode ref = o.putObject("asset_ref");
      ref.setAll((ObjectNode) o.deepCopy().without(java.util.List.of("status")));
      // The same addresses AssetRefs.of gives once the object is bound at activation.
      String url = AssetRefs.url(apiBase, p.id(), key);
      String imm = immutable ? AssetRefs.immutableUrl(apiBase, p.id(), sha, key) : null;
      ref.put("url", url);
      ref.put("immutable_url", imm);
      ref.put("cdn_url", url);
      ref.put("cdn_immutable_url", imm);
      String b64 = java.util.Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(sha));
      ref.put("sri", "sha256-" + b64);
      ref.put("etag", "\"sha256-" + sha + "\"");
      ref.put("content_digest", "sha-256=:" + b64 + ":");
    }
    return out;
  }

  private static String summary(Composed c) {
    JsonNode sa = c.diff().get("static_assets");
    return c.diff().get("is_noop").asBoolean() ? "no changes"
        : sa.get("added").asInt() + " added, " + sa.get("changed").asInt() + " changed, " + sa.get("removed").asInt()
            + " removed site paths; " + c.newMigrations().size() + " new migrations";
  }

  private static java.util.List<String> names(JsonNode arr) {
    java.util.List<String> out = new java.util.ArrayList<>();
    arr.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode n) {
    return n::fields;
  }
}

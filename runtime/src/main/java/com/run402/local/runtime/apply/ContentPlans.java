package com.run402.local.runtime.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.content.ContentRef;
import com.run402.local.runtime.content.ContentStore;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.projects.Project;
import com.run402.local.runtime.s3.S3Service;
import com.run402.local.runtime.storage.ObjectStore;
import com.run402.local.runtime.storage.StoredObject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * {@code POST /content/v1/plans} and its commit (api-contract 2.2 step 3): which refs the content
 * store lacks, each with one presigned PUT on the S3 endpoint (staging key
 * {@code .run402/staging/<plan>/<sha256>} in the project's bucket). Bytes already stored are never
 * requested again. The commit checks every staged upload, then drops the staging keys (the bytes stay).
 */
final class ContentPlans {
  static final Duration TTL = Duration.ofHours(1);
  private static final int MAX_ENTRIES = 10_000;

  private final ApplyStore store;
  private final ContentStore content;
  private final ContentOwners owners;
  private final ObjectStore objects;
  private final ObjectMapper json;
  private final Clock wallClock;
  private final Clock clock;

  ContentPlans(ApplyStore store, ContentStore content, ContentOwners owners, ObjectStore objects, ObjectMapper json,
      Clock wallClock, Clock clock) {
    this.store = store;
    this.content = content;
    this.owners = owners;
    this.objects = objects;
    this.json = json;
    this.wallClock = wallClock;
    this.clock = clock;
  }

  ObjectNode plan(Project p, String serviceKey, JsonNode body, URI s3Base) {
    JsonNode list = body == null ? null : body.get("content");
    if (list == null || !list.isArray() || list.size() > MAX_ENTRIES) {
      throw WireRef.invalid("content", "must be an array of at most " + MAX_ENTRIES + " {sha256, size, content_type}");
    }
    String id = Ids.next("cplan");
    Instant now = clock.instant();
    Instant expires = now.plus(TTL);
    ObjectNode out = json.createObjectNode();
    out.put("plan_id", id);
    out.put("expires_at", expires.toString());
    ArrayNode missing = out.putArray("missing");
    ArrayNode entries = out.putArray("entries");
    ArrayNode stored = json.createArrayNode();
    java.util.Set<String> seen = new java.util.HashSet<>();
    java.util.List<WireRef> refs = new java.util.ArrayList<>();
    for (JsonNode n : list) {
      refs.add(WireRef.parse(n, "content[]"));
    }
    java.util.Set<String> present = owners.present(p.id(), refs.stream().map(WireRef::sha256).toList());
    for (WireRef r : refs) {
      if (r.size() > S3Service.MAX_OBJECT) {
        throw new ApiException(413, "payload_too_large", "Content " + r.sha256() + " is larger than 5 GiB",
            Map.of("code", "CONTENT_TOO_LARGE"));
      }
      boolean has = present.contains(r.sha256()) && content.size(r.sha256()).orElse(-1L) == r.size();
      entries.addObject().put("sha256", r.sha256()).put("missing", !has);
      if (has || !seen.add(r.sha256())) {
        continue;
      }
      String key = stagingKey(id, r.sha256());
      String checksum = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(r.sha256()));
      ObjectNode m = missing.addObject();
      m.put("sha256", r.sha256());
      m.put("mode", "single");
      ObjectNode part = m.putArray("parts").addObject();
      part.put("part_number", 1);
      part.put("url", PartUrls.presignPut(s3Base, p.id(), serviceKey, key, checksum, wallClock.instant(),
          TTL.toSeconds()));
      part.put("byte_start", 0);
      part.put("byte_end", r.size() - 1);
      m.put("part_size_bytes", r.size());
      m.put("part_count", 1);
      m.putNull("upload_id");
      m.put("staging_key", key);
      m.put("expires_at", expires.toString());
      stored.addObject().put("sha256", r.sha256()).put("size", r.size()).put("staging_key", key);
    }
    store.exec("INSERT INTO internal.content_plans (id, project_id, entries, expires_at, created_at) "
        + "VALUES (?, ?, ?::jsonb, ?, ?)", id, p.id(), stored.toString(), ApplyStore.ts(expires), ApplyStore.ts(now));
    return out;
  }

  ObjectNode commit(Project p, String planId) {
    JsonNode entries = store.one("SELECT entries::text FROM internal.content_plans WHERE id = ? AND project_id = ?",
        rs -> store.tree(rs.getString(1)), planId, p.id()).orElseThrow(() -> ApiException.notFound(
        "content_plan_not_found", "Content plan " + planId + " not found"));
    ArrayNode committed = json.createArrayNode();
    java.util.List<String> shas = new java.util.ArrayList<>();
    entries.forEach(e -> shas.add(e.get("sha256").asText()));
    java.util.Set<String> present = owners.present(p.id(), shas); // one query, before the staging keys go
    for (JsonNode e : entries) {
      String sha = e.get("sha256").asText();
      String key = e.get("staging_key").asText();
      StoredObject o = objects.find(p.id(), StoredObject.BLOBS, key).orElse(null);
      if (o == null && !present.contains(sha)) {
        throw new ApiException(409, "content_not_uploaded", "Content " + sha + " was not uploaded to its part URL",
            Map.of("code", "CONTENT_NOT_UPLOADED", "sha256", sha));
      }
      if (o != null && !o.sha256().equals(sha)) {
        objects.delete(p.id(), StoredObject.BLOBS, key);
        throw new ApiException(409, "content_mismatch", "The bytes uploaded for " + sha + " hash to " + o.sha256(),
            Map.of("code", "CONTENT_MISMATCH", "sha256", sha));
      }
      if (o != null) {
        objects.delete(p.id(), StoredObject.BLOBS, key); // the bytes stay in the content store
      }
      committed.add(sha);
    }
    owners.add(p.id(), java.util.List.of(committedShas(committed)));
    store.exec("UPDATE internal.content_plans SET committed_at = ? WHERE id = ?", ApplyStore.ts(clock.instant()),
        planId);
    ObjectNode out = json.createObjectNode();
    out.put("plan_id", planId);
    out.put("status", "committed");
    out.set("committed", committed);
    return out;
  }

  /** Stores inline bytes (legacy deployments) for the project and returns their ref. */
  ContentRef putInline(String projectId, byte[] bytes) {
    ContentRef ref = content.put(bytes);
    owners.add(projectId, java.util.List.of(ref.sha256()));
    return ref;
  }

  private static String[] committedShas(ArrayNode committed) {
    String[] out = new String[committed.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = committed.get(i).asText();
    }
    return out;
  }

  static String stagingKey(String planId, String sha) {
    return ".run402/staging/" + planId + "/" + sha;
  }
}

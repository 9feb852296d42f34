package com.run402.local.runtime.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.s3.SigV4;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The AssetRef of a stored blob (api-contract 2.2 {@code ResolvedAssetRef}, and what the SDK derives in
 * {@code buildAssetRef}): {@code url} the mutable address, {@code immutable_url} content-addressed
 * (served with a year-long immutable cache and exactly these bytes), {@code cdn_url} /
 * {@code cdn_immutable_url} the same (there is no CDN on one machine), {@code sri}
 * {@code sha256-<base64>}, {@code etag} {@code "sha256-<hex>"}, {@code content_digest} RFC 9530.
 */
public final class AssetRefs {
  private AssetRefs() {}

  /** {@code <apiBase>/storage/v1/assets/<project>/<key>}: public objects without auth, private ones signed. */
  public static String url(String apiBase, String projectId, String key) {
    return apiBase + "/storage/v1/assets/" + projectId + "/" + SigV4.uriEncode(key, true);
  }

  /** {@code <apiBase>/storage/v1/immutable/<project>/<sha256>/<key>}: these bytes, forever cacheable. */
  public static String immutableUrl(String apiBase, String projectId, String sha256, String key) {
    return apiBase + "/storage/v1/immutable/" + projectId + "/" + sha256 + "/" + SigV4.uriEncode(key, true);
  }

  public static ObjectNode of(ObjectMapper json, String apiBase, StoredObject o) {
    String b64 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(o.sha256()));
    ObjectNode n = json.createObjectNode();
    n.put("key", o.key());
    n.put("sha256", o.sha256());
    n.put("size_bytes", o.size());
    n.put("content_type", o.contentType());
    n.put("visibility", o.visibility());
    n.put("immutable", o.immutable());
    String url = url(apiBase, o.projectId(), o.key());
    String imm = o.immutable() ? immutableUrl(apiBase, o.projectId(), o.sha256(), o.key()) : null;
    n.put("url", url);
    n.put("immutable_url", imm);
    n.put("cdn_url", url);
    n.put("cdn_immutable_url", imm);
    n.put("sri", "sha256-" + b64);
    n.put("etag", o.etag());
    n.put("content_digest", "sha-256=:" + b64 + ":");
    n.put("created_at", o.createdAt().toString());
    if (o.metadataJson() != null) {
      try {
        n.set("metadata", json.readTree(o.metadataJson()));
      } catch (java.io.IOException e) {
        // stored by us as valid JSON; leave it out if not
      }
    }
    return n;
  }
}

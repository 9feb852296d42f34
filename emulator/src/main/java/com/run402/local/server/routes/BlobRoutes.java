package com.run402.local.server.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.Engine;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.projects.Project;
import com.run402.local.runtime.storage.AssetRefs;
import com.run402.local.runtime.storage.PutRequest;
import com.run402.local.runtime.storage.StoredObject;
import com.run402.local.server.Http;
import com.run402.local.server.Routes;
import com.run402.local.server.storage.StorageHttp;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Blobs and assets (api-contract 2.7): the service-key routes of {@code /storage/v1/blob(s)}, the
 * in-function upload {@code POST /apply/v1/service-asset-put}, and the addresses an AssetRef hands
 * out: {@code /storage/v1/assets/:project/<key>} (public objects open, private ones only with a valid
 * signature from {@code /sign}) and {@code /storage/v1/immutable/:project/:sha256/<key>} (exact bytes,
 * cached for a year). Blobs share their key space with the S3 endpoint's bucket.
 */
public final class BlobRoutes {
  private static final String PROOF = "BlobRoutesIT, storage-acceptance.test.mjs";
  private static final String BLOB = "/storage/v1/blob/";
  private static final long MAX_ASSET = 5L * 1024 * 1024 * 1024;
  private static final String IMMUTABLE_CACHE = "public, max-age=31536000, immutable";

  private final Http http;

  public BlobRoutes(Http http) {
    this.http = http;
  }

  public void register(Routes r) {
    r.add("GET", "/storage/v1/blob/:key*", PROOF, this::get);
    r.add("DELETE", "/storage/v1/blob/:key*", PROOF, this::delete);
    r.add("POST", "/storage/v1/blob/:key*/sign", PROOF, this::sign);
    r.partial("GET", "/storage/v1/blobs", PROOF, "filters on image width/height answer 501 (no image intrinsics)",
        this::list);
    r.partial("POST", "/apply/v1/service-asset-put", PROOF, "no image variants, blurhash or EXIF processing",
        this::servicePut);
    r.local("GET", "/storage/v1/assets/:project_id/:key*", this::asset);
    r.local("HEAD", "/storage/v1/assets/:project_id/:key*", this::asset);
    r.local("GET", "/storage/v1/immutable/:project_id/:sha256/:key*", this::immutable);
    r.local("HEAD", "/storage/v1/immutable/:project_id/:sha256/:key*", this::immutable);
  }

  /** Service key by {@code Authorization: Bearer} (or, as functions send for listing, {@code apikey}); metered. */
  private Project service(Context ctx, boolean write) {
    Engine e = http.engine();
    Project p = e.projectAuth().requireServiceKeyOrApikey(ctx.header("Authorization"), ctx.header("apikey"));
    e.usage().countCall(p.id());
    e.budget().check(p);
    if (write) {
      e.leases().requireWritable(p);
    }
    return p;
  }

  private StoredObject existing(Project p, String key) {
    return http.engine().storage().objects().find(p.id(), StoredObject.BLOBS, key)
        .orElseThrow(() -> ApiException.notFound("not_found", "Blob not found: " + key));
  }

  private void get(Context ctx) throws Exception {
    Project p = service(ctx, false);
    StoredObject o = existing(p, StorageHttp.key(ctx, BLOB, null));
    StorageHttp.download(http.engine(), ctx, o, "private, no-cache");
  }

  private void delete(Context ctx) {
    Project p = service(ctx, true);
    String key = StorageHttp.key(ctx, BLOB, null);
    if (!http.engine().storage().objects().delete(p.id(), StoredObject.BLOBS, key)) {
      throw ApiException.notFound("not_found", "Blob not found: " + key);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", "deleted");
    out.put("key", key);
    http.json(ctx, 200, out);
  }

  private void sign(Context ctx) {
    Project p = service(ctx, false);
    StoredObject o = existing(p, StorageHttp.key(ctx, BLOB, "/sign"));
    JsonNode body = http.jsonBody(ctx);
    long ttl = 3600;
    if (body != null && body.has("ttl_seconds")) {
      JsonNode t = body.get("ttl_seconds");
      if (!t.canConvertToLong() || !t.isIntegralNumber() || t.asLong() < 60 || t.asLong() > 604800) {
        throw ApiException.badRequest("invalid_ttl", "ttl_seconds must be an integer from 60 to 604800");
      }
      ttl = t.asLong();
    }
    long exp = http.engine().config().emulatorClock().base().instant().getEpochSecond() + ttl;
    String sig = http.engine().storage().signer().sign(p.id(), o.key(), exp);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("signed_url", AssetRefs.url(http.apiBase(ctx), p.id(), o.key()) + "?expires=" + exp + "&signature=" + sig);
    out.put("expires_at", Instant.ofEpochSecond(exp).toString());
    out.put("expires_in", ttl);
    http.json(ctx, 200, out);
  }

  private void list(Context ctx) {
    Project p = service(ctx, false);
    Map<String, String> filters = new LinkedHashMap<>();
    ctx.queryParamMap().forEach((k, v) -> {
      if (k.startsWith("filter[") && k.endsWith("]") && !v.isEmpty()) {
        filters.put(k.substring(7, k.length() - 1), v.get(0));
      } else if (k.startsWith("filter.") && !v.isEmpty()) {
        filters.put(k.substring(7), v.get(0));
      }
    });
    http.json(ctx, 200, http.engine().storage().listing().list(p.id(), ctx.queryParam("prefix"), ctx.queryParam("limit"),
        ctx.queryParam("cursor"), ctx.queryParam("sort"), filters));
  }

  private void servicePut(Context ctx) {
    Project p = service(ctx, true);
    String key = StorageHttp.check(ctx.header("x-run402-asset-key"));
    String visibility = ctx.header("x-run402-asset-visibility") == null ? "public" : ctx.header("x-run402-asset-visibility");
    if (!visibility.equals("public") && !visibility.equals("private")) {
      throw ApiException.badRequest("invalid_visibility", "x-run402-asset-visibility must be public or private");
    }
    String imm = ctx.header("x-run402-asset-immutable");
    boolean immutable = imm == null || imm.equalsIgnoreCase("true") || imm.equals("1");
    String meta = ctx.header("x-run402-asset-metadata");
    if (meta != null) {
      try {
        JsonNode m = http.json().readTree(meta);
        if (m == null || !m.isObject()) {
          throw new IllegalArgumentException();
        }
        meta = m.toString();
      } catch (Exception e) {
        throw ApiException.badRequest("invalid_metadata", "x-run402-asset-metadata must be a JSON object");
      }
    }
    StoredObject o = StorageHttp.upload(http.engine(), ctx, p, new PutRequest(StoredObject.BLOBS, key,
        ctx.header("Content-Type"), visibility, immutable, meta, null, null, MAX_ASSET));
    ObjectNode ref = AssetRefs.of(http.json(), http.apiBase(ctx), o);
    http.json(ctx, 200, ref);
  }

  private void asset(Context ctx) throws Exception {
    String projectId = ctx.pathParam("project_id");
    String key = StorageHttp.key(ctx, "/storage/v1/assets/" + projectId + "/", null);
    Engine e = http.engine();
    Project p = e.projects().find(projectId).filter(e.leases()::serving).orElseThrow(BlobRoutes::notFound);
    StoredObject o = e.storage().objects().find(p.id(), StoredObject.BLOBS, key).orElseThrow(BlobRoutes::notFound);
    boolean signed = e.storage().signer().valid(p.id(), key, ctx.queryParam("expires"), ctx.queryParam("signature"),
        e.config().emulatorClock().base().instant().getEpochSecond());
    if (!o.isPublic() && !signed) {
      // Never served without a valid signature; the same answer as a missing key, so keys do not leak.
      throw ctx.queryParam("signature") != null
          ? ApiException.forbidden("invalid_signature", "The signed URL is invalid or has expired")
          : notFound();
    }
    StorageHttp.download(e, ctx, o, o.isPublic() ? "public, max-age=60" : "private, no-store");
  }

  private void immutable(Context ctx) throws Exception {
    String projectId = ctx.pathParam("project_id");
    String sha = ctx.pathParam("sha256");
    String key = StorageHttp.key(ctx, "/storage/v1/immutable/" + projectId + "/" + sha + "/", null);
    Engine e = http.engine();
    Project p = e.projects().find(projectId).filter(e.leases()::serving).orElseThrow(BlobRoutes::notFound);
    StoredObject o = e.storage().objects().find(p.id(), StoredObject.BLOBS, key)
        .filter(x -> x.sha256().equals(sha) && x.isPublic())
        .or(() -> e.storage().objects().immutableVersion(p.id(), key, sha)) // the key was overwritten since
        .orElseThrow(BlobRoutes::notFound);
    StorageHttp.download(e, ctx, o, IMMUTABLE_CACHE);
  }

  private static ApiException notFound() {
    return ApiException.notFound("not_found", "Not found");
  }
}

package com.run402.local.server.routes;

import com.run402.local.runtime.Engine;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.projects.ApikeyAuth;
import com.run402.local.runtime.projects.Project;
import com.run402.local.runtime.storage.ListQuery;
import com.run402.local.runtime.storage.ObjectKeys;
import com.run402.local.runtime.storage.PutRequest;
import com.run402.local.runtime.storage.StoredObject;
import com.run402.local.server.Http;
import com.run402.local.server.Routes;
import com.run402.local.server.storage.StorageHttp;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The legacy object routes of {@code upload_file} (legacy-gateway 1.8 and 7.1): any valid project key
 * (apikey header, anon included) reads and writes {@code <bucket>/<path>} objects, 50 MB per upload,
 * and every object is readable without auth at its public URL while the project is active. Stored in
 * the object store's {@code objects} namespace (bytes in the content store). Production's quirks
 * left out: the storage counter follows the live bytes (it does not grow on overwrite), and the
 * signed URL is a real expiring signature of the public URL.
 */
public final class LegacyStorageRoutes {
  private static final String PROOF = "LegacyStorageRoutesIT";
  static final long MAX_UPLOAD = 50L * 1024 * 1024;

  private final Http http;

  public LegacyStorageRoutes(Http http) {
    this.http = http;
  }

  public void register(Routes r) {
    r.add("GET", "/storage/v1/object/list/:bucket", PROOF, this::list);
    r.add("POST", "/storage/v1/object/sign/:bucket/:path*", PROOF, this::sign);
    r.add("POST", "/storage/v1/object/:bucket/:path*", PROOF, this::upload);
    r.add("GET", "/storage/v1/object/:bucket/:path*", PROOF, this::download);
    r.add("DELETE", "/storage/v1/object/:bucket/:path*", PROOF, this::delete);
    r.add("GET", "/storage/v1/public/:project_id/:bucket/:path*", PROOF, this::publicGet);
  }

  /** AK then MET (legacy-gateway 1.8): the apikey's project, metered, within its tier's limits. */
  private Project caller(Context ctx, boolean write) {
    Engine e = http.engine();
    ApikeyAuth.Caller c = e.restAccess().apikey(ctx.header("apikey"));
    Project p = c.project();
    e.usage().countCall(p.id());
    e.budget().check(p);
    if (write) {
      e.leases().requireWritable(p);
    }
    return p;
  }

  private String objectKey(Context ctx, String prefix) {
    String bucket = bucket(ctx.pathParam("bucket"));
    return StorageHttp.key(ctx, prefix + ctx.req().getRequestURI().substring(prefix.length()).split("/", 2)[0] + "/",
        null).transform(path -> StorageHttp.check(bucket + "/" + path));
  }

  private static String bucket(String b) {
    try {
      return ObjectKeys.checkBucket(b);
    } catch (ObjectKeys.InvalidKey e) {
      throw ApiException.badRequest("invalid_bucket", e.getMessage());
    }
  }

  private void upload(Context ctx) {
    Project p = caller(ctx, true);
    String key = objectKey(ctx, "/storage/v1/object/");
    StoredObject o = StorageHttp.upload(http.engine(), ctx, p, new PutRequest(StoredObject.OBJECTS, key,
        ctx.header("Content-Type"), "public", false, null, null, null, MAX_UPLOAD));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("key", key);
    out.put("size", o.size());
    out.put("url", http.apiBase(ctx) + "/storage/v1/public/" + p.id() + "/" + encode(key));
    http.json(ctx, 200, out);
  }

  private void download(Context ctx) throws Exception {
    Project p = caller(ctx, false);
    StoredObject o = http.engine().storage().objects().find(p.id(), StoredObject.OBJECTS, objectKey(ctx, "/storage/v1/object/"))
        .orElseThrow(LegacyStorageRoutes::fileNotFound);
    StorageHttp.download(http.engine(), ctx, o, null);
  }

  private void delete(Context ctx) {
    Project p = caller(ctx, true);
    String key = objectKey(ctx, "/storage/v1/object/");
    http.engine().storage().objects().delete(p.id(), StoredObject.OBJECTS, key);
    http.json(ctx, 200, Map.of("status", "deleted", "key", key));
  }

  private void list(Context ctx) {
    Project p = caller(ctx, false);
    String bucket = bucket(ctx.pathParam("bucket"));
    List<Map<String, Object>> objects = new ArrayList<>();
    for (StoredObject o : http.engine().storage().objects().list(p.id(),
        new ListQuery(StoredObject.OBJECTS, bucket + "/", ListQuery.Sort.KEY_ASC, null, null, 1000))) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key", o.key().substring(bucket.length() + 1));
      m.put("size", o.size());
      m.put("last_modified", o.updatedAt().toString());
      objects.add(m);
    }
    http.json(ctx, 200, Map.of("objects", objects));
  }

  private void sign(Context ctx) {
    Project p = caller(ctx, false);
    String key = objectKey(ctx, "/storage/v1/object/sign/");
    long exp = http.engine().config().emulatorClock().base().instant().getEpochSecond() + 3600;
    String sig = http.engine().storage().signer().sign(p.id(), "objects:" + key, exp);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("signed_url", http.apiBase(ctx) + "/storage/v1/public/" + p.id() + "/" + encode(key) + "?expires=" + exp
        + "&signature=" + sig);
    out.put("expires_in", 3600);
    http.json(ctx, 200, out);
  }

  private void publicGet(Context ctx) throws Exception {
    Engine e = http.engine();
    String projectId = ctx.pathParam("project_id");
    String key = objectKey(ctx, "/storage/v1/public/" + projectId + "/");
    // Production serves public objects only while the project is exactly active.
    Project p = e.projects().find(projectId).filter(x -> e.leases().stateOf(x).writable())
        .orElseThrow(() -> ApiException.notFound("Not found", "Not found"));
    StoredObject o = e.storage().objects().find(p.id(), StoredObject.OBJECTS, key)
        .orElseThrow(LegacyStorageRoutes::fileNotFound);
    StorageHttp.download(e, ctx, o, "public, max-age=3600");
  }

  private static ApiException fileNotFound() {
    return ApiException.notFound("File not found", "File not found");
  }

  private static String encode(String key) {
    return com.run402.local.runtime.s3.SigV4.uriEncode(key, true);
  }
}

package com.run402.local.runtime.s3;

import com.run402.local.runtime.content.ContentRef;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.leases.Leases;
import com.run402.local.runtime.projects.Project;
import com.run402.local.runtime.projects.ProjectService;
import com.run402.local.runtime.storage.ByteRange;
import com.run402.local.runtime.storage.ObjectKeys;
import com.run402.local.runtime.storage.ObjectStore;
import com.run402.local.runtime.storage.PutRequest;
import com.run402.local.runtime.storage.StoredObject;
import com.run402.local.runtime.usage.Budget;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The S3-compatible API of project storage, path style: bucket = project id, access key = project
 * id, secret = the project's service key (SigV4 by header or presigned URL). Keys are the same key
 * space as {@code /storage/v1/blob} and assets, and their bytes live in the content store. Operations:
 * ListBuckets, HeadBucket, GetBucketLocation, ListObjects(V2), Put/Get/Head/DeleteObject, multipart.
 * An expired lease makes writes answer 402 (the REST gate's message) and the tier's storage limit applies.
 */
public final class S3Service {
  /** S3's single-PUT limit. */
  public static final long MAX_OBJECT = 5L * 1024 * 1024 * 1024;
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private final ObjectStore objects;
  private final ProjectService projects;
  private final Leases leases;
  private final Budget budget;
  private final SigV4Verifier verifier;
  private final S3Listing listing;
  private final S3Uploads uploads;

  /** {@code wallClock}: presigned expiry and skew are judged by real time, as the client signed it. */
  public S3Service(DataSource ds, ObjectStore objects, ProjectService projects, Leases leases, Budget budget,
      Clock wallClock, Clock clock) {
    this.objects = objects;
    this.projects = projects;
    this.leases = leases;
    this.budget = budget;
    this.verifier = new SigV4Verifier(this::secret, wallClock);
    this.listing = new S3Listing(objects);
    this.uploads = new S3Uploads(new Multipart(ds), objects, clock);
  }

  private Optional<String> secret(String accessKey) {
    return projects.find(accessKey).filter(leases::serving).flatMap(p -> projects.serviceKey(p.id()));
  }

  /**
   * The bucket name of a project: its id, lower case, with {@code _} as {@code -}, because S3 clients
   * (minio-js, minio-java, the AWS SDKs) refuse bucket names with underscores. The raw project id is
   * accepted too, for clients that do not check.
   */
  public static String bucketName(String projectId) {
    return projectId.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** Answers one request; every failure becomes S3's XML error (never an exception). */
  public S3Response handle(S3Request r) {
    String requestId = UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
    String path = r.rawPath() == null || r.rawPath().isEmpty() ? "/" : r.rawPath();
    try {
      S3Response res = dispatch(r, path);
      res.headers().put("x-amz-request-id", requestId);
      return res;
    } catch (S3Error e) {
      return S3Response.error(e, safeDecode(path), requestId);
    } catch (ObjectKeys.InvalidKey e) {
      return S3Response.error(e.getMessage().contains("longer")
          ? new S3Error(400, "KeyTooLongError", "Your key is too long") : S3Error.invalidArgument(e.getMessage()),
          safeDecode(path), requestId);
    } catch (ApiException e) {
      S3Error s = e.status() == 402 ? new S3Error(402, "PaymentRequired", e.getMessage())
          : e.status() == 404 ? new S3Error(404, "NoSuchBucket", "The specified bucket does not exist")
          : new S3Error(e.status(), "InvalidRequest", e.getMessage());
      return S3Response.error(s, safeDecode(path), requestId);
    }
  }

  private S3Response dispatch(S3Request r, String rawPath) {
    String decoded = SigV4.decode(rawPath);
    String rest = decoded.substring(1);
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String key = slash < 0 ? "" : rest.substring(slash + 1);
    SigV4Verifier.Verified v = verifier.verify(r);
    String m = r.method();
    if (bucket.isEmpty()) {
      if (!m.equals("GET")) {
        throw new S3Error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
      }
      return listBuckets(v.accessKey());
    }
    if (!bucket.equals(v.accessKey()) && !bucket.equals(bucketName(v.accessKey()))) {
      throw S3Error.accessDenied("Access Denied: the access key of project " + v.accessKey()
          + " only reaches bucket " + bucketName(v.accessKey()));
    }
    Project p = projects.find(v.accessKey()).orElseThrow(
        () -> new S3Error(404, "NoSuchBucket", "The specified bucket does not exist"));
    bucket = p.id(); // from here on: the project whose objects these are
    leases.requireReadable(p);
    if (key.isEmpty()) {
      return m.equals("GET") && r.hasParam("uploads") ? uploads.listUploads(p.id(), bucketName(p.id()), r)
          : bucketOp(p, r, m);
    }
    ObjectKeys.check(key);
    boolean write = m.equals("PUT") || m.equals("POST") || m.equals("DELETE");
    if (write) {
      leases.requireWritable(p);
    }
    if (m.equals("PUT") && r.hasParam("uploadId")) {
      budget.check(p);
      return uploads.part(bucket, key, r, v);
    }
    if (m.equals("POST") && r.hasParam("uploads")) {
      return uploads.create(bucket, key, r);
    }
    if (m.equals("POST") && r.hasParam("uploadId")) {
      return uploads.complete(bucket, key, r);
    }
    if (m.equals("GET") && r.hasParam("uploadId")) {
      return uploads.listParts(bucket, key, r);
    }
    if (m.equals("DELETE") && r.hasParam("uploadId")) {
      return uploads.abort(bucket, key, r);
    }
    switch (m) {
      case "PUT" -> {
        if (r.header("x-amz-copy-source") != null) {
          throw new S3Error(501, "NotImplemented", "CopyObject is not emulated by run402-local yet");
        }
        budget.check(p);
        return put(bucket, key, r, v);
      }
      case "GET", "HEAD" -> {
        return get(bucket, key, r, m.equals("HEAD"));
      }
      case "DELETE" -> {
        objects.delete(bucket, StoredObject.BLOBS, key);
        return S3Response.empty(204, new LinkedHashMap<>());
      }
      default -> throw new S3Error(501, "NotImplemented", m + " on an object is not emulated by run402-local yet");
    }
  }

  private S3Response bucketOp(Project p, S3Request r, String m) {
    if (m.equals("HEAD")) {
      return S3Response.empty(200, new LinkedHashMap<>());
    }
    if (m.equals("PUT")) {
      throw new S3Error(409, "BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded "
          + "and you already own it.");
    }
    if (!m.equals("GET")) {
      throw new S3Error(501, "NotImplemented", m + " on a bucket is not emulated by run402-local yet");
    }
    if (r.hasParam("location")) {
      return S3Response.xml(200, S3Xml.HEAD + "<LocationConstraint" + S3Xml.NS + "></LocationConstraint>");
    }
    for (String unsupported : new String[] {"uploads", "versions", "policy", "acl", "lifecycle", "cors", "tagging"}) {
      if (r.hasParam(unsupported)) {
        throw new S3Error(501, "NotImplemented", "?" + unsupported + " is not emulated by run402-local yet");
      }
    }
    return listing.handle(p.id(), r);
  }

  private S3Response listBuckets(String accessKey) {
    Project p = projects.find(accessKey).orElseThrow(() -> new S3Error(403, "InvalidAccessKeyId",
        "The AWS Access Key Id you provided does not exist in our records."));
    return S3Response.xml(200, S3Xml.HEAD + "<ListAllMyBucketsResult" + S3Xml.NS + "><Owner><ID>" + p.id()
        + "</ID><DisplayName>" + S3Xml.esc(p.name()) + "</DisplayName></Owner><Buckets><Bucket><Name>" + bucketName(p.id())
        + "</Name><CreationDate>" + S3Xml.time(p.createdAt()) + "</CreationDate></Bucket></Buckets>"
        + "</ListAllMyBucketsResult>");
  }

  private S3Response put(String bucket, String key, S3Request r, SigV4Verifier.Verified v) {
    ContentRef ref = S3Body.store(objects.content(), r, v, MAX_OBJECT);
    String visibility = objects.find(bucket, StoredObject.BLOBS, key).map(StoredObject::visibility).orElse("private");
    StoredObject o = objects.bind(bucket, new PutRequest(StoredObject.BLOBS, key, r.header("content-type"), visibility,
        false, null, null, null, MAX_OBJECT), ref);
    Map<String, String> h = new LinkedHashMap<>();
    h.put("ETag", o.etag());
    if (r.header("x-amz-checksum-sha256") != null) {
      h.put("x-amz-checksum-sha256", ref.sha256Base64());
    }
    return S3Response.empty(200, h);
  }

  private S3Response get(String bucket, String key, S3Request r, boolean head) {
    StoredObject o = objects.find(bucket, StoredObject.BLOBS, key).orElseThrow(
        () -> new S3Error(404, "NoSuchKey", "The specified key does not exist."));
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", o.contentType());
    h.put("ETag", o.etag());
    h.put("Last-Modified", HTTP_DATE.format(o.updatedAt()));
    h.put("Accept-Ranges", "bytes");
    String inm = r.header("if-none-match");
    if (inm != null && (inm.equals(o.etag()) || inm.equals("*"))) {
      return S3Response.empty(304, h);
    }
    Optional<ByteRange> range;
    try {
      range = ByteRange.parse(r.header("range"), o.size());
    } catch (ByteRange.Unsatisfiable e) {
      throw new S3Error(416, "InvalidRange", "The requested range is not satisfiable");
    }
    long start = range.map(ByteRange::start).orElse(0L);
    long length = range.map(ByteRange::length).orElse(o.size());
    range.ifPresent(x -> h.put("Content-Range", x.contentRange()));
    int status = range.isPresent() ? 206 : 200;
    if (head) {
      h.put("Content-Length", Long.toString(length));
      return S3Response.empty(status, h);
    }
    try {
      InputStream s = objects.content().open(o.sha256(), start, length);
      return S3Response.stream(status, h, s, length);
    } catch (IOException e) {
      throw new S3Error(404, "NoSuchKey", "The specified key does not exist.");
    }
  }

  private static String safeDecode(String path) {
    try {
      return SigV4.decode(path);
    } catch (S3Error e) {
      return path;
    }
  }
}

package com.run402.local.server.storage;

import com.run402.local.runtime.Engine;
import com.run402.local.runtime.content.ContentMismatchException;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.projects.Project;
import com.run402.local.runtime.storage.ByteRange;
import com.run402.local.runtime.storage.ObjectKeys;
import com.run402.local.runtime.storage.ObjectStore;
import com.run402.local.runtime.storage.PutRequest;
import com.run402.local.runtime.storage.StoredObject;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Streaming uploads and downloads of storage routes on the main port: keys read from the raw URI
 * (each segment percent-decoded once, then checked by {@link ObjectKeys}), bodies streamed into the
 * content store with a byte limit checked on Content-Length before reading (413) and while
 * reading (chunked bodies), downloads streamed with Range, ETag and Last-Modified.
 */
public final class StorageHttp {
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private static final int COPY_BUFFER = 256 * 1024;

  private StorageHttp() {}

  /** The object key after {@code prefix} in the raw request path, minus {@code suffix} (e.g. "/sign"). */
  public static String key(Context ctx, String prefix, String suffix) {
    String raw = ctx.req().getRequestURI();
    if (!raw.startsWith(prefix)) {
      throw ApiException.badRequest("invalid_key", "key is missing");
    }
    String rest = raw.substring(prefix.length());
    if (suffix != null && rest.endsWith(suffix)) {
      rest = rest.substring(0, rest.length() - suffix.length());
    }
    java.util.List<String> segs = new java.util.ArrayList<>();
    for (String seg : rest.split("/", -1)) {
      try {
        segs.add(URLDecoder.decode(seg.replace("+", "%2B"), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("invalid_key", "key has a malformed percent-encoding");
      }
    }
    String key = String.join("/", segs);
    return check(key);
  }

  public static String check(String key) {
    try {
      return ObjectKeys.check(key);
    } catch (ObjectKeys.InvalidKey e) {
      throw ApiException.badRequest("invalid_key", e.getMessage());
    }
  }

  /** Streams the request body into the store as {@code req}; 413 above {@code req.maxBytes()}. */
  public static StoredObject upload(Engine engine, Context ctx, Project p, PutRequest req) {
    String len = ctx.header("Content-Length");
    if (len != null) {
      try {
        if (Long.parseLong(len.trim()) > req.maxBytes()) {
          throw tooLarge();
        }
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("invalid_request", "Invalid Content-Length header");
      }
    }
    try (InputStream in = ctx.req().getInputStream()) {
      return engine.storage().objects().put(p.id(), req, in);
    } catch (ContentMismatchException e) {
      if (e.kind() == ContentMismatchException.Kind.TOO_LARGE) {
        throw tooLarge();
      }
      throw ApiException.badRequest(e.kind() == ContentMismatchException.Kind.SHA256 ? "sha256_mismatch"
          : "size_mismatch", e.getMessage());
    } catch (IOException | UncheckedIOException e) {
      throw ApiException.badRequest("incomplete_body", "The request body could not be read");
    }
  }

  public static ApiException tooLarge() {
    return new ApiException(413, "Request body too large", "Request body too large");
  }

  /** Streams an object (or the asked range) with its type, ETag and cache policy. */
  public static void download(Engine engine, Context ctx, StoredObject o, String cacheControl) throws IOException {
    ctx.header("ETag", o.etag());
    ctx.header("Last-Modified", HTTP_DATE.format(o.updatedAt()));
    ctx.header("Accept-Ranges", "bytes");
    if (cacheControl != null) {
      ctx.header("Cache-Control", cacheControl);
    }
    String inm = ctx.header("If-None-Match");
    if (inm != null && (inm.equals(o.etag()) || inm.equals("*"))) {
      ctx.status(304);
      return;
    }
    Optional<ByteRange> range;
    try {
      range = ByteRange.parse(ctx.header("Range"), o.size());
    } catch (ByteRange.Unsatisfiable e) {
      ctx.header("Content-Range", "bytes */" + o.size());
      throw new ApiException(416, "range_not_satisfiable", "The requested range is not satisfiable");
    }
    long start = range.map(ByteRange::start).orElse(0L);
    long length = range.map(ByteRange::length).orElse(o.size());
    range.ifPresent(r -> ctx.header("Content-Range", r.contentRange()));
    ctx.status(range.isPresent() ? 206 : 200);
    ctx.contentType(o.contentType());
    ctx.header("Content-Length", Long.toString(length));
    if (ctx.method().name().equals("HEAD")) {
      return;
    }
    ObjectStore objects = engine.storage().objects();
    try (InputStream in = objects.content().open(o.sha256(), start, length);
        OutputStream out = ctx.res().getOutputStream()) {
      copy(in, out);
    }
  }

  /** Larger writes than InputStream.transferTo's 8 KiB: fewer trips through Jetty's output path. */
  public static void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buf = new byte[COPY_BUFFER];
    for (int r; (r = in.readNBytes(buf, 0, buf.length)) > 0; ) {
      out.write(buf, 0, r);
    }
  }
}

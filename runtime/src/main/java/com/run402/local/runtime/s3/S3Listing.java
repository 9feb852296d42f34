package com.run402.local.runtime.s3;

import com.run402.local.runtime.storage.ListQuery;
import com.run402.local.runtime.storage.ObjectStore;
import com.run402.local.runtime.storage.StoredObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** ListObjects (v1 and v2) over the project's keys: prefix, delimiter (common prefixes), keyset paging. */
final class S3Listing {
  /** Sorts after every key that starts with a given common prefix (U+10FFFF is the largest code point). */
  private static final String PAST = new String(Character.toChars(0x10FFFF));

  private final ObjectStore objects;

  S3Listing(ObjectStore objects) {
    this.objects = objects;
  }

  record Page(List<StoredObject> contents, List<String> prefixes, String nextAfter) {}

  S3Response handle(String projectId, S3Request r) {
    boolean v2 = "2".equals(r.param("list-type"));
    String prefix = r.param("prefix") == null ? "" : r.param("prefix");
    String delimiter = r.param("delimiter") == null || r.param("delimiter").isEmpty() ? null : r.param("delimiter");
    int maxKeys = maxKeys(r.param("max-keys"));
    boolean url = "url".equals(r.param("encoding-type"));
    String after;
    String token = v2 ? r.param("continuation-token") : null;
    String startAfter = v2 ? r.param("start-after") : r.param("marker");
    if (token != null) {
      after = decodeToken(token);
    } else {
      after = startAfter == null || startAfter.isEmpty() ? null : startAfter;
      if (after != null && delimiter != null && after.endsWith(delimiter) && after.startsWith(prefix)) {
        after = after + PAST; // a NextMarker that is a common prefix: continue past all of it
      }
    }
    Page page = collect(projectId, prefix, delimiter, after, maxKeys);
    if (v2) {
      String next = page.nextAfter() == null ? null : encodeToken(page.nextAfter());
      return S3Response.xml(200, S3Xml.listV2(S3Service.bucketName(projectId), prefix, delimiter, maxKeys, token, startAfter, next,
          page.contents(), page.prefixes(), url));
    }
    String nextMarker = page.nextAfter() == null ? null : page.nextAfter().replace(PAST, "");
    return S3Response.xml(200, v1(S3Service.bucketName(projectId), prefix, delimiter, maxKeys, startAfter, nextMarker, page, url));
  }

  Page collect(String projectId, String prefix, String delimiter, String after, int maxKeys) {
    List<StoredObject> contents = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    String cursor = after;
    String last = null;
    while (contents.size() + prefixes.size() < maxKeys) {
      List<StoredObject> batch = objects.list(projectId,
          new ListQuery(StoredObject.BLOBS, prefix, ListQuery.Sort.KEY_ASC, cursor, null, Math.min(1000, maxKeys + 1)));
      if (batch.isEmpty()) {
        return new Page(contents, prefixes, null);
      }
      for (StoredObject o : batch) {
        if (contents.size() + prefixes.size() >= maxKeys) {
          return new Page(contents, prefixes, last);
        }
        int d = delimiter == null ? -1 : o.key().indexOf(delimiter, prefix.length());
        if (d >= 0) {
          String cp = o.key().substring(0, d + delimiter.length());
          prefixes.add(cp);
          last = cp + PAST;
          break; // continue the scan past this common prefix
        }
        contents.add(o);
        last = o.key();
      }
      cursor = last;
    }
    boolean more = !objects.list(projectId,
        new ListQuery(StoredObject.BLOBS, prefix, ListQuery.Sort.KEY_ASC, last, null, 1)).isEmpty();
    return new Page(contents, prefixes, more ? last : null);
  }

  private static String v1(String bucket, String prefix, String delimiter, int maxKeys, String marker,
      String nextMarker, Page page, boolean url) {
    // The v2 document with v1's element names: same Contents and CommonPrefixes.
    String v2 = S3Xml.listV2(bucket, prefix, delimiter, maxKeys, null, null, null, page.contents(), page.prefixes(), url);
    String extra = "<Marker>" + S3Xml.esc(marker == null ? "" : marker) + "</Marker>"
        + (nextMarker == null ? "" : "<NextMarker>" + S3Xml.esc(nextMarker) + "</NextMarker>");
    return v2.replaceFirst("<KeyCount>\\d+</KeyCount>", extra)
        .replace("<IsTruncated>false</IsTruncated>", "<IsTruncated>" + (nextMarker != null) + "</IsTruncated>");
  }

  private static int maxKeys(String s) {
    if (s == null) {
      return 1000;
    }
    try {
      int n = Integer.parseInt(s);
      if (n < 0) {
        throw S3Error.invalidArgument("max-keys must be a non-negative integer");
      }
      return Math.max(1, Math.min(n, 1000));
    } catch (NumberFormatException e) {
      throw S3Error.invalidArgument("Provided max-keys not an integer or within integer range");
    }
  }

  static String encodeToken(String after) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(after.getBytes(StandardCharsets.UTF_8));
  }

  static String decodeToken(String token) {
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw S3Error.invalidArgument("The continuation token provided is incorrect");
    }
  }
}

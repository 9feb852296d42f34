package com.run402.local.runtime.s3;

import com.run402.local.runtime.storage.StoredObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The XML documents of the S3 operations we answer (namespace 2006-03-01). */
final class S3Xml {
  static final String HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  static final String NS = " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";

  private S3Xml() {}

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&apos;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  static String time(Instant t) {
    return t.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  /** ListObjectsV2 result. */
  static String listV2(String bucket, String prefix, String delimiter, int maxKeys, String token, String startAfter,
      String nextToken, List<StoredObject> contents, List<String> commonPrefixes, boolean encodeUrl) {
    StringBuilder b = new StringBuilder(HEAD).append("<ListBucketResult").append(NS).append(">");
    b.append("<Name>").append(esc(bucket)).append("</Name>");
    b.append("<Prefix>").append(esc(enc(prefix, encodeUrl))).append("</Prefix>");
    if (delimiter != null) {
      b.append("<Delimiter>").append(esc(enc(delimiter, encodeUrl))).append("</Delimiter>");
    }
    b.append("<MaxKeys>").append(maxKeys).append("</MaxKeys>");
    b.append("<KeyCount>").append(contents.size() + commonPrefixes.size()).append("</KeyCount>");
    if (token != null) {
      b.append("<ContinuationToken>").append(esc(token)).append("</ContinuationToken>");
    }
    if (startAfter != null) {
      b.append("<StartAfter>").append(esc(enc(startAfter, encodeUrl))).append("</StartAfter>");
    }
    b.append("<IsTruncated>").append(nextToken != null).append("</IsTruncated>");
    if (nextToken != null) {
      b.append("<NextContinuationToken>").append(esc(nextToken)).append("</NextContinuationToken>");
    }
    if (encodeUrl) {
      b.append("<EncodingType>url</EncodingType>");
    }
    for (StoredObject o : contents) {
      b.append("<Contents><Key>").append(esc(enc(o.key(), encodeUrl))).append("</Key><LastModified>")
          .append(time(o.updatedAt())).append("</LastModified><ETag>").append(esc(o.etag())).append("</ETag><Size>")
          .append(o.size()).append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
    }
    for (String p : commonPrefixes) {
      b.append("<CommonPrefixes><Prefix>").append(esc(enc(p, encodeUrl))).append("</Prefix></CommonPrefixes>");
    }
    return b.append("</ListBucketResult>").toString();
  }

  private static String enc(String s, boolean url) {
    return url ? SigV4.uriEncode(s, true) : s;
  }
}

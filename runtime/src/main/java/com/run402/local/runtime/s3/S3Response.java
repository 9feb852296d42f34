package com.run402.local.runtime.s3;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the S3 endpoint answers: status, headers and either small bytes or a stream of known length. */
public record S3Response(int status, Map<String, String> headers, byte[] bytes, InputStream stream, long length) {

  static S3Response xml(int status, String xml) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/xml");
    byte[] b = xml.getBytes(StandardCharsets.UTF_8);
    return new S3Response(status, h, b, null, b.length);
  }

  static S3Response empty(int status, Map<String, String> headers) {
    return new S3Response(status, headers, new byte[0], null, 0);
  }

  static S3Response stream(int status, Map<String, String> headers, InputStream s, long length) {
    return new S3Response(status, headers, null, s, length);
  }

  /** The XML error body S3 sends. */
  public static S3Response error(S3Error e, String resource, String requestId) {
    S3Response r = xml(e.status(), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + S3Xml.esc(e.code())
        + "</Code><Message>" + S3Xml.esc(e.getMessage()) + "</Message><Resource>" + S3Xml.esc(resource)
        + "</Resource><RequestId>" + requestId + "</RequestId></Error>");
    r.headers().put("x-amz-request-id", requestId);
    return r;
  }
}

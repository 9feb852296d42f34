package com.run402.local.runtime.apply;

import com.run402.local.runtime.s3.S3Service;
import com.run402.local.runtime.s3.SigV4;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Presigned PUT URLs on the emulator's S3 endpoint, signed with the project's S3 credentials (access
 * key = project id, secret = service key) by the same SigV4 helpers the endpoint verifies with.
 * {@code x-amz-checksum-sha256} is a signed header, so an upload without the checksum (or with another
 * one) is refused, and the endpoint checks the bytes against it.
 */
final class PartUrls {
  private static final DateTimeFormatter AMZ = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final String REGION = "us-east-1";

  private PartUrls() {}

  static String presignPut(URI s3Base, String projectId, String secret, String key, String checksumBase64,
      Instant now, long expiresSeconds) {
    String amzDate = AMZ.format(now);
    String date = amzDate.substring(0, 8);
    String scope = date + "/" + REGION + "/s3/aws4_request";
    String host = s3Base.getHost() + (s3Base.getPort() > 0 ? ":" + s3Base.getPort() : "");
    String path = "/" + S3Service.bucketName(projectId) + "/" + key;
    List<SigV4.Param> params = new ArrayList<>();
    params.add(new SigV4.Param("X-Amz-Algorithm", SigV4.ALGORITHM));
    params.add(new SigV4.Param("X-Amz-Credential", projectId + "/" + scope));
    params.add(new SigV4.Param("X-Amz-Date", amzDate));
    params.add(new SigV4.Param("X-Amz-Expires", Long.toString(expiresSeconds)));
    params.add(new SigV4.Param("X-Amz-SignedHeaders", "host;x-amz-checksum-sha256"));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", host);
    headers.put("x-amz-checksum-sha256", checksumBase64);
    String canonical = "PUT\n" + SigV4.uriEncode(path, true) + "\n" + SigV4.canonicalQuery(params, null) + "\n"
        + SigV4.canonicalHeaders(List.of("host", "x-amz-checksum-sha256"), headers) + "\n"
        + "host;x-amz-checksum-sha256\nUNSIGNED-PAYLOAD";
    String toSign = SigV4.ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + SigV4.sha256Hex(canonical);
    String sig = SigV4.hex(SigV4.hmac(SigV4.signingKey(secret, date, REGION, "s3"), toSign));
    StringBuilder url = new StringBuilder(s3Base.getScheme()).append("://").append(host)
        .append(SigV4.uriEncode(path, true)).append('?');
    for (SigV4.Param p : params) {
      url.append(SigV4.uriEncode(p.name(), false)).append('=').append(SigV4.uriEncode(p.value(), false)).append('&');
    }
    return url.append("X-Amz-Signature=").append(sig).toString();
  }
}

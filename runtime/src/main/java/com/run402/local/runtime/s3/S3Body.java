package com.run402.local.runtime.s3;

import com.run402.local.runtime.content.ContentMismatchException;
import com.run402.local.runtime.content.ContentRef;
import com.run402.local.runtime.content.ContentStore;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Reads an upload body as the client framed and signed it ({@code x-amz-content-sha256}: a hex digest,
 * {@code UNSIGNED-PAYLOAD}, {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD} or
 * {@code STREAMING-UNSIGNED-PAYLOAD-TRAILER}) into the content store, checking the declared length,
 * the signed digest and {@code x-amz-checksum-sha256}; refuses more than {@code max} bytes before
 * reading when the length is declared, and while reading otherwise.
 */
final class S3Body {
  private S3Body() {}

  static ContentRef store(ContentStore content, S3Request r, SigV4Verifier.Verified v, long max) {
    String payload = v.payloadHash();
    boolean streaming = payload.startsWith("STREAMING-");
    if (streaming && !payload.equals("STREAMING-AWS4-HMAC-SHA256-PAYLOAD")
        && !payload.equals("STREAMING-UNSIGNED-PAYLOAD-TRAILER")) {
      throw new S3Error(501, "NotImplemented", payload + " bodies are not emulated");
    }
    Long size = length(r.header(streaming ? "x-amz-decoded-content-length" : "content-length"));
    if (streaming && size == null) {
      throw new S3Error(411, "MissingContentLength", "You must provide the x-amz-decoded-content-length header.");
    }
    if (size != null && size > max) {
      throw new S3Error(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size");
    }
    String payloadHex = ContentRef.isSha256Hex(payload) ? payload : null;
    if (!streaming && payloadHex == null && !payload.equals("UNSIGNED-PAYLOAD")) {
      throw new S3Error(400, "InvalidArgument", "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, "
          + "STREAMING-AWS4-HMAC-SHA256-PAYLOAD or a SHA-256 hex digest");
    }
    String checksumHex = checksum(r.header("x-amz-checksum-sha256"));
    InputStream in = streaming
        ? new AwsChunkedInputStream(r.body(), payload.startsWith("STREAMING-AWS4") ? v : null) : r.body();
    ContentRef ref;
    try {
      ref = content.put(in, size, checksumHex != null ? checksumHex : payloadHex, max);
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof AwsChunkedInputStream.Failure f) {
        throw f.error();
      }
      throw new S3Error(400, "IncompleteBody", "The request body could not be read: " + e.getCause().getMessage());
    } catch (ContentMismatchException e) {
      throw switch (e.kind()) {
        case TOO_LARGE -> new S3Error(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size");
        case SIZE -> new S3Error(400, "IncompleteBody",
            "You did not provide the number of bytes specified by the Content-Length HTTP header");
        case SHA256 -> checksumHex != null
            ? new S3Error(400, "BadDigest", "The SHA256 you specified did not match the calculated checksum.")
            : new S3Error(400, "XAmzContentSHA256Mismatch",
                "The provided 'x-amz-content-sha256' header does not match what was computed.");
      };
    }
    if (payloadHex != null && !payloadHex.equals(ref.sha256())) {
      throw new S3Error(400, "XAmzContentSHA256Mismatch",
          "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }
    return ref;
  }

  private static Long length(String s) {
    if (s == null) {
      return null;
    }
    try {
      long n = Long.parseLong(s.trim());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw S3Error.invalidArgument("Invalid content length");
    }
  }

  private static String checksum(String b64) {
    if (b64 == null) {
      return null;
    }
    try {
      byte[] d = Base64.getDecoder().decode(b64.trim());
      if (d.length != 32) {
        throw new IllegalArgumentException();
      }
      return HexFormat.of().formatHex(d);
    } catch (IllegalArgumentException e) {
      throw new S3Error(400, "InvalidDigest", "The x-amz-checksum-sha256 you specified is not valid.");
    }
  }
}

package com.run402.local.runtime.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** aws-chunked framing with chained chunk signatures, as STREAMING-AWS4-HMAC-SHA256-PAYLOAD clients send it. */
class AwsChunkedInputStreamTest {
  private static final byte[] KEY = SigV4.signingKey("secret", "20260101", "us-east-1", "s3");
  private static final SigV4Verifier.Verified SEED = new SigV4Verifier.Verified("ak", KEY,
      "20260101/us-east-1/s3/aws4_request", "20260101T000000Z", "a".repeat(64), "STREAMING-AWS4-HMAC-SHA256-PAYLOAD");

  private static byte[] encode(String... chunks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String prev = SEED.signature();
    String[] all = new String[chunks.length + 1];
    System.arraycopy(chunks, 0, all, 0, chunks.length);
    all[chunks.length] = "";
    for (String c : all) {
      byte[] data = c.getBytes(StandardCharsets.UTF_8);
      String sig = SigV4.hex(SigV4.hmac(KEY, "AWS4-HMAC-SHA256-PAYLOAD\n" + SEED.amzDate() + "\n" + SEED.scope() + "\n"
          + prev + "\n" + SigV4.EMPTY_SHA256 + "\n" + SigV4.sha256Hex(data)));
      prev = sig;
      out.writeBytes((Integer.toHexString(data.length) + ";chunk-signature=" + sig + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(data);
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    return out.toByteArray();
  }

  @Test
  void decodes_signed_chunks() throws Exception {
    var in = new AwsChunkedInputStream(new ByteArrayInputStream(encode("hello ", "chunked ", "world")), SEED);
    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello chunked world");
  }

  @Test
  void refuses_a_tampered_chunk_and_a_truncated_body() {
    byte[] body = encode("hello ", "world");
    String s = new String(body, StandardCharsets.ISO_8859_1).replace("world", "w0rld");
    var tampered = new AwsChunkedInputStream(new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1)), SEED);
    assertThatThrownBy(tampered::readAllBytes).isInstanceOfSatisfying(AwsChunkedInputStream.Failure.class,
        e -> assertThat(e.error().code()).isEqualTo("SignatureDoesNotMatch"));
    var truncated = new AwsChunkedInputStream(new ByteArrayInputStream(java.util.Arrays.copyOf(body, 20)), SEED);
    assertThatThrownBy(truncated::readAllBytes).isInstanceOfSatisfying(AwsChunkedInputStream.Failure.class,
        e -> assertThat(e.error().code()).isEqualTo("IncompleteBody"));
  }

  @Test
  void unsigned_trailer_bodies_are_only_framed() throws Exception {
    byte[] body = "5\r\nhello\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(new AwsChunkedInputStream(new ByteArrayInputStream(body), null).readAllBytes())
        .isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
  }
}

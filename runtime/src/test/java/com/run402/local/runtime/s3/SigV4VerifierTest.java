package com.run402.local.runtime.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** SigV4 against AWS's published S3 example (GET Object with a Range header, 2013-05-24). */
class SigV4VerifierTest {
  private static final String AK = "AKIAIOSFODNN7EXAMPLE";
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final Clock THEN = Clock.fixed(Instant.parse("2013-05-24T00:00:30Z"), ZoneOffset.UTC);

  private static S3Request awsExample(String signature) {
    Map<String, String> h = new TreeMap<>();
    h.put("host", "examplebucket.s3.amazonaws.com");
    h.put("range", "bytes=0-9");
    h.put("x-amz-content-sha256", SigV4.EMPTY_SHA256);
    h.put("x-amz-date", "20130524T000000Z");
    h.put("authorization", "AWS4-HMAC-SHA256 Credential=" + AK + "/20130524/us-east-1/s3/aws4_request,"
        + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=" + signature);
    return new S3Request("GET", "/test.txt", null, h, new ByteArrayInputStream(new byte[0]));
  }

  private final SigV4Verifier verifier = new SigV4Verifier(k -> k.equals(AK) ? Optional.of(SECRET) : Optional.empty(), THEN);

  @Test
  void accepts_the_aws_documented_signature() {
    SigV4Verifier.Verified v = verifier.verify(
        awsExample("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"));
    assertThat(v.accessKey()).isEqualTo(AK);
    assertThat(v.scope()).isEqualTo("20130524/us-east-1/s3/aws4_request");
  }

  @Test
  void refuses_a_wrong_signature_an_unknown_key_and_a_skewed_clock() {
    assertThatThrownBy(() -> verifier.verify(awsExample("0".repeat(64))))
        .isInstanceOfSatisfying(S3Error.class, e -> assertThat(e.code()).isEqualTo("SignatureDoesNotMatch"));
    SigV4Verifier nobody = new SigV4Verifier(k -> Optional.empty(), THEN);
    assertThatThrownBy(() -> nobody.verify(awsExample("0".repeat(64))))
        .isInstanceOfSatisfying(S3Error.class, e -> assertThat(e.code()).isEqualTo("InvalidAccessKeyId"));
    SigV4Verifier later = new SigV4Verifier(k -> Optional.of(SECRET),
        Clock.fixed(Instant.parse("2013-05-24T01:00:00Z"), ZoneOffset.UTC));
    assertThatThrownBy(() -> later.verify(awsExample("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")))
        .isInstanceOfSatisfying(S3Error.class, e -> assertThat(e.code()).isEqualTo("RequestTimeTooSkewed"));
  }

  @Test
  void unsigned_requests_are_access_denied() {
    S3Request r = new S3Request("GET", "/b/k", null, new TreeMap<>(), new ByteArrayInputStream(new byte[0]));
    assertThatThrownBy(() -> verifier.verify(r))
        .isInstanceOfSatisfying(S3Error.class, e -> assertThat(e.status()).isEqualTo(403));
  }
}

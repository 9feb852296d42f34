package com.run402.local.runtime.s3;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Verifies SigV4 authentication of an S3 request, by {@code Authorization} header or presigned query
 * ({@code X-Amz-Signature}), against the secret of the access key. Errors are S3's: unknown key
 * InvalidAccessKeyId, wrong signature SignatureDoesNotMatch, expired URL AccessDenied "Request has
 * expired", a request more than 15 minutes off RequestTimeTooSkewed.
 */
public final class SigV4Verifier {
  static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
  private static final long MAX_SKEW_SECONDS = 15 * 60;
  private static final long MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

  private final Function<String, Optional<String>> secrets;
  private final Clock clock;

  /** {@code secrets}: access key id -> secret access key, empty when unknown. */
  public SigV4Verifier(Function<String, Optional<String>> secrets, Clock clock) {
    this.secrets = secrets;
    this.clock = clock;
  }

  /** What a verified request was signed with; streaming bodies continue the signature chain from it. */
  public record Verified(String accessKey, byte[] signingKey, String scope, String amzDate, String signature,
      String payloadHash) {}

  public Verified verify(S3Request r) {
    String auth = r.header("authorization");
    if (auth != null) {
      return verifyHeader(r, auth);
    }
    if (r.param("X-Amz-Signature") != null || r.param("X-Amz-Credential") != null) {
      return verifyPresigned(r);
    }
    throw S3Error.accessDenied("Anonymous access is not allowed: sign the request (access key = project id, "
        + "secret = the project's service key).");
  }

  private Verified verifyHeader(S3Request r, String auth) {
    if (!auth.startsWith(SigV4.ALGORITHM + " ")) {
      throw new S3Error(400, "AuthorizationHeaderMalformed", "Only AWS4-HMAC-SHA256 authorization is supported");
    }
    String credential = null;
    String signedHeaders = null;
    String signature = null;
    for (String part : auth.substring(SigV4.ALGORITHM.length() + 1).split(",")) {
      String p = part.trim();
      if (p.startsWith("Credential=")) {
        credential = p.substring(11);
      } else if (p.startsWith("SignedHeaders=")) {
        signedHeaders = p.substring(14);
      } else if (p.startsWith("Signature=")) {
        signature = p.substring(10);
      }
    }
    if (credential == null || signedHeaders == null || signature == null) {
      throw new S3Error(400, "AuthorizationHeaderMalformed", "The authorization header is malformed");
    }
    String amzDate = r.header("x-amz-date");
    if (amzDate == null) {
      throw S3Error.accessDenied("AWS authentication requires a valid x-amz-date header");
    }
    Instant t = parseDate(amzDate);
    if (Math.abs(clock.instant().getEpochSecond() - t.getEpochSecond()) > MAX_SKEW_SECONDS) {
      throw new S3Error(403, "RequestTimeTooSkewed",
          "The difference between the request time and the current time is too large.");
    }
    String payload = r.header("x-amz-content-sha256");
    if (payload == null) {
      throw invalidRequest("Missing required header for this request: x-amz-content-sha256");
    }
    return check(r, credential, signedHeaders, signature, amzDate, payload, null);
  }

  private Verified verifyPresigned(S3Request r) {
    String alg = r.param("X-Amz-Algorithm");
    String credential = r.param("X-Amz-Credential");
    String amzDate = r.param("X-Amz-Date");
    String expires = r.param("X-Amz-Expires");
    String signedHeaders = r.param("X-Amz-SignedHeaders");
    String signature = r.param("X-Amz-Signature");
    if (!SigV4.ALGORITHM.equals(alg) || credential == null || amzDate == null || expires == null
        || signedHeaders == null || signature == null) {
      throw new S3Error(400, "AuthorizationQueryParametersError",
          "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, "
              + "X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
    }
    long seconds;
    try {
      seconds = Long.parseLong(expires);
    } catch (NumberFormatException e) {
      throw new S3Error(400, "AuthorizationQueryParametersError", "X-Amz-Expires should be a number");
    }
    if (seconds < 1 || seconds > MAX_PRESIGN_SECONDS) {
      throw new S3Error(400, "AuthorizationQueryParametersError",
          "X-Amz-Expires must be between 1 and 604800 seconds");
    }
    Instant t = parseDate(amzDate);
    String payload = r.header("x-amz-content-sha256") != null ? r.header("x-amz-content-sha256") : "UNSIGNED-PAYLOAD";
    Verified v = check(r, credential, signedHeaders, signature, amzDate, payload, "X-Amz-Signature");
    if (clock.instant().isAfter(t.plusSeconds(seconds))) {
      throw S3Error.accessDenied("Request has expired");
    }
    if (clock.instant().isBefore(t.minusSeconds(MAX_SKEW_SECONDS))) {
      throw S3Error.accessDenied("Request is not valid yet");
    }
    return v;
  }

  private Verified check(S3Request r, String credential, String signedHeaders, String signature, String amzDate,
      String payload, String excludeParam) {
    String[] cred = credential.split("/");
    if (cred.length != 5 || !"aws4_request".equals(cred[4]) || !amzDate.startsWith(cred[1])) {
      throw new S3Error(400, "AuthorizationHeaderMalformed", "The credential scope is malformed: " + credential);
    }
    String accessKey = cred[0];
    String secret = secrets.apply(accessKey).orElseThrow(() -> new S3Error(403, "InvalidAccessKeyId",
        "The AWS Access Key Id you provided does not exist in our records."));
    List<String> signed = Arrays.asList(signedHeaders.split(";"));
    if (!signed.contains("host")) {
      throw new S3Error(400, "AuthorizationHeaderMalformed", "host must be a signed header");
    }
    String canonical = r.method() + "\n" + SigV4.uriEncode(decodePath(r.rawPath()), true) + "\n"
        + SigV4.canonicalQuery(r.params(), excludeParam) + "\n" + SigV4.canonicalHeaders(signed, r.headers()) + "\n"
        + signedHeaders + "\n" + payload;
    String scope = cred[1] + "/" + cred[2] + "/" + cred[3] + "/aws4_request";
    String toSign = SigV4.ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + SigV4.sha256Hex(canonical);
    byte[] key = SigV4.signingKey(secret, cred[1], cred[2], cred[3]);
    String expected = SigV4.hex(SigV4.hmac(key, toSign));
    if (!SigV4.same(expected, signature)) {
      throw S3Error.signatureMismatch();
    }
    return new Verified(accessKey, key, scope, amzDate, signature, payload);
  }

  private static String decodePath(String rawPath) {
    return SigV4.decode(rawPath == null || rawPath.isEmpty() ? "/" : rawPath);
  }

  private static Instant parseDate(String amzDate) {
    try {
      return LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw S3Error.accessDenied("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
    }
  }

  private static S3Error invalidRequest(String message) {
    return new S3Error(400, "InvalidRequest", message);
  }
}

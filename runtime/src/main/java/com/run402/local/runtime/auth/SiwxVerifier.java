package com.run402.local.runtime.auth;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.run402.local.runtime.error.ApiException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * Verifies the SIGN-IN-WITH-X header (base64 JSON of a CAIP-122 / EIP-4361 message plus an
 * EIP-191 signature) the way the Run402 gateway does. No nonce replay check and no URI check.
 */
public final class SiwxVerifier {
  static final Duration MAX_AGE = Duration.ofSeconds(300);
  static final Duration MAX_SKEW = Duration.ofSeconds(60);
  private static final Pattern CHAIN_ID = Pattern.compile("eip155:[0-9]{1,20}");
  private static final Pattern SIGNATURE = Pattern.compile("(0x)?[0-9a-fA-F]{130}");
  private static final String HINT =
      "Sign a CAIP-122 message and send it as the SIGN-IN-WITH-X header (base64-encoded JSON). "
          + "See https://docs.x402.org/extensions/sign-in-with-x";

  private final Clock clock;
  private final ObjectReader reader;

  public SiwxVerifier(Clock clock) {
    this(clock, new ObjectMapper());
  }

  public SiwxVerifier(Clock clock, ObjectMapper mapper) {
    this.clock = clock;
    this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /**
   * Verifies a header value.
   *
   * @param headerValue the raw SIGN-IN-WITH-X header (may be null)
   * @param expectedDomain the request host without port; {@code null} skips the domain check
   * @throws ApiException 401 missing_siwx, or 402 invalid_siwx with {@code extra.reason}
   */
  public WalletPrincipal verify(String headerValue, String expectedDomain) {
    if (headerValue == null || headerValue.isBlank()) {
      throw new ApiException(
          401, "missing_siwx", "Missing SIGN-IN-WITH-X header", Map.of("hint", HINT));
    }
    SiwxPayload p = SiwxPayload.fromJson(parse(decode(headerValue.trim())));
    requireFields(p);
    if (p.statement() == null || p.statement().isBlank()) {
      throw invalid("missing_statement", "SIWX message must include a statement");
    }
    if (p.type() != null && !"eip191".equals(p.type())) {
      throw invalid("unsupported_type", "Unsupported SIWX signature type '" + p.type()
          + "'; only \"eip191\" is supported");
    }
    if (!CHAIN_ID.matcher(p.chainId()).matches()) {
      throw invalid("unsupported_chain", "Unsupported chainId '" + p.chainId()
          + "'; expected a CAIP-2 EVM chain id like \"eip155:84532\"");
    }
    checkTimes(p, clock.instant());
    if (expectedDomain != null && !expectedDomain.equalsIgnoreCase(p.domain())) {
      throw invalid("domain_mismatch", "SIWX domain mismatch: expected '" + expectedDomain
          + "', got '" + p.domain() + "'");
    }
    String recovered = recover(Eip4361Message.text(p), p.signature());
    if (!recovered.equalsIgnoreCase(p.address())) {
      throw invalid("signature_mismatch", "SIWX signature was made by " + recovered
          + ", not by the claimed address " + p.address());
    }
    String lower = recovered.toLowerCase(Locale.ROOT);
    return new WalletPrincipal(lower, Keys.toChecksumAddress(lower), p.chainId());
  }

  /** A 402 invalid_siwx failure with the given machine reason. */
  static ApiException invalid(String reason, String message) {
    return new ApiException(402, "invalid_siwx", message, Map.of("reason", reason));
  }

  private static byte[] decode(String value) {
    try {
      // The JDK decoder accepts input with or without '=' padding; map URL-safe to standard.
      return Base64.getDecoder().decode(value.replace('-', '+').replace('_', '/'));
    } catch (IllegalArgumentException e) {
      throw invalid("malformed", "SIGN-IN-WITH-X header is not valid base64");
    }
  }

  private JsonNode parse(byte[] json) {
    try {
      return reader.readTree(json);
    } catch (IOException e) {
      throw invalid("malformed", "SIGN-IN-WITH-X header is not base64-encoded JSON");
    }
  }

  private static void requireFields(SiwxPayload p) {
    String[][] fields = {
      {"domain", p.domain()}, {"address", p.address()}, {"uri", p.uri()},
      {"version", p.version()}, {"chainId", p.chainId()}, {"nonce", p.nonce()},
      {"issuedAt", p.issuedAt()}, {"signature", p.signature()}
    };
    for (String[] f : fields) {
      if (f[1] == null || f[1].isBlank()) {
        throw invalid("missing_field", "SIWX payload is missing required field '" + f[0] + "'");
      }
    }
  }

  private static void checkTimes(SiwxPayload p, Instant now) {
    Instant issued = instant("issuedAt", p.issuedAt());
    if (p.expirationTime() != null && instant("expirationTime", p.expirationTime()).isBefore(now)) {
      throw invalid("expired", "SIWX message expired");
    }
    if (Duration.between(issued, now).compareTo(MAX_AGE) > 0) {
      throw invalid("too_old", "Message issued more than " + MAX_AGE.toSeconds()
          + "s ago. Generate a fresh SIWX message.");
    }
    if (issued.isAfter(now.plus(MAX_SKEW))) {
      throw invalid("issued_in_future", "SIWX issuedAt " + p.issuedAt()
          + " is more than " + MAX_SKEW.toSeconds() + "s ahead of server time " + now);
    }
    if (p.notBefore() != null && instant("notBefore", p.notBefore()).isAfter(now)) {
      throw invalid("not_yet_valid", "SIWX message is not valid before " + p.notBefore());
    }
  }

  private static Instant instant(String field, String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw invalid("malformed", "SIWX field '" + field + "' is not an ISO-8601 timestamp: "
          + value);
    }
  }

  /** Recovers the EIP-191 personal_sign signer of {@code message}, as {@code 0x} + 40 hex. */
  private static String recover(String message, String signatureHex) {
    if (!SIGNATURE.matcher(signatureHex).matches()) {
      throw invalid("bad_signature", "SIWX signature must be 65 bytes (0x + 130 hex characters)");
    }
    byte[] sig = Numeric.hexStringToByteArray(signatureHex);
    byte v = sig[64] < 27 ? (byte) (sig[64] + 27) : sig[64];
    Sign.SignatureData data =
        new Sign.SignatureData(v, Arrays.copyOfRange(sig, 0, 32), Arrays.copyOfRange(sig, 32, 64));
    try {
      BigInteger key = Sign.signedPrefixedMessageToKey(
          message.getBytes(StandardCharsets.UTF_8), data);
      return "0x" + Keys.getAddress(key);
    } catch (SignatureException | RuntimeException e) {
      throw invalid("bad_signature", "Cannot recover a signer from the SIWX signature");
    }
  }
}

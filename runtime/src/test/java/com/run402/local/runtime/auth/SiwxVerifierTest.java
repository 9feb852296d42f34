package com.run402.local.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.run402.local.runtime.error.ApiException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.web3j.crypto.ECKeyPair;

class SiwxVerifierTest {
  static final Instant NOW = Instant.parse("2026-11-21T10:01:00Z");
  static final String DOMAIN = "127.0.0.1";
  static final String URI = "http://127.0.0.1:4402/projects/v1";
  static final ECKeyPair KEY = ECKeyPair.create(new BigInteger("11".repeat(32), 16));
  static final String ADDRESS = "0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A";

  private final SiwxVerifier verifier = new SiwxVerifier(Clock.fixed(NOW, ZoneOffset.UTC));

  private static Map<String, Object> fields() {
    return SiwxTestSigner.fields(KEY, DOMAIN, URI, NOW.minusSeconds(10), NOW.plusSeconds(290));
  }

  private static String signed(Map<String, Object> f) {
    SiwxTestSigner.sign(KEY, f);
    return SiwxTestSigner.encode(f);
  }

  private static String b64(String json) {
    return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private ApiException rejected(String header) {
    return catchThrowableOfType(() -> verifier.verify(header, DOMAIN), ApiException.class);
  }

  private ApiException assertInvalid(String header, String reason) {
    ApiException e = rejected(header);
    assertThat(e).as("expected rejection with reason %s", reason).isNotNull();
    assertThat(e.status()).isEqualTo(402);
    assertThat(e.error()).isEqualTo("invalid_siwx");
    assertThat(e.extra()).containsEntry("reason", reason);
    assertThat(e.getMessage()).isNotBlank();
    return e;
  }

  @Test
  void valid_header_is_accepted_with_lower_case_address_and_checksum_preserved() {
    WalletPrincipal p = verifier.verify(
        SiwxTestSigner.header(KEY, DOMAIN, URI, NOW.minusSeconds(5), NOW.plusSeconds(295)), DOMAIN);
    assertThat(p.address()).isEqualTo("0x19e7e376e7c213b7e7e7e46cc70a5dd086daff2a");
    assertThat(p.checksumAddress()).isEqualTo(ADDRESS);
    assertThat(p.chainId()).isEqualTo("eip155:84532");
  }

  @Test
  void lenient_cases_are_accepted() {
    String std = SiwxTestSigner.header(KEY, DOMAIN, URI, NOW, NOW.plusSeconds(300));
    String urlSafe = std.replace('+', '-').replace('/', '_').replace("=", "");
    assertThat(verifier.verify(urlSafe, DOMAIN)).as("url-safe base64, no padding").isNotNull();
    String noExpiry = SiwxTestSigner.header(KEY, "Elsewhere.Example", URI, NOW, null);
    assertThat(verifier.verify(noExpiry, null)).as("null domain skips check").isNotNull();
    assertThat(verifier.verify(noExpiry, "elsewhere.example")).as("case-insensitive").isNotNull();
    Map<String, Object> f = fields();
    f.remove("type");
    f.put("chainId", "eip155:8453");
    assertThat(verifier.verify(signed(f), DOMAIN).chainId()).isEqualTo("eip155:8453");
    String edge = SiwxTestSigner.header(KEY, DOMAIN, URI, NOW.minusSeconds(300), null);
    assertThat(verifier.verify(edge, DOMAIN)).as("exactly 300 s old").isNotNull();
    String skew = SiwxTestSigner.header(KEY, DOMAIN, URI, NOW.plusSeconds(30), null);
    assertThat(verifier.verify(skew, DOMAIN)).as("30 s clock skew").isNotNull();
  }

  @Test
  void blank_or_absent_header_is_401_missing_siwx_with_hint() {
    for (String header : new String[] {null, "", "   "}) {
      ApiException e = rejected(header);
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.error()).isEqualTo("missing_siwx");
      assertThat(e.getMessage()).isEqualTo("Missing SIGN-IN-WITH-X header");
      assertThat((String) e.extra().get("hint"))
          .contains("docs.x402.org/extensions/sign-in-with-x");
    }
  }

  @Test
  void garbage_or_non_object_json_is_malformed() {
    assertInvalid("%%%not base64!!", "malformed");
    assertInvalid(b64("hello"), "malformed");
    assertInvalid(b64("[1,2]"), "malformed");
    assertInvalid(b64("{\"domain\":\"a\"} trailing"), "malformed");
    assertInvalid(b64("{\"resources\":\"not-an-array\"}"), "malformed");
    Map<String, Object> f = fields();
    f.put("nonce", 12345);
    assertInvalid(SiwxTestSigner.encode(f), "malformed");
  }

  @Test
  void numeric_chain_id_is_invalid_chain_id() {
    Map<String, Object> f = fields();
    f.put("chainId", 84532);
    assertInvalid(SiwxTestSigner.encode(f), "invalid_chain_id");
  }

  @ParameterizedTest
  @ValueSource(strings = {"domain", "address", "uri", "version", "chainId", "nonce", "issuedAt",
      "signature"})
  void each_missing_required_field_is_reported_by_name(String field) {
    Map<String, Object> f = fields();
    SiwxTestSigner.sign(KEY, f);
    f.remove(field);
    assertThat(assertInvalid(SiwxTestSigner.encode(f), "missing_field").getMessage())
        .contains("'" + field + "'");
  }

  @ParameterizedTest
  @CsvSource({
    "statement, , missing_statement",
    "statement, '   ', missing_statement",
    "type, ed25519, unsupported_type",
    "chainId, solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp, unsupported_chain",
    "chainId, eip155:, unsupported_chain",
    "chainId, 84532, unsupported_chain",
    "chainId, eip155:base, unsupported_chain",
    "issuedAt, yesterday, malformed",
    "expirationTime, soon, malformed",
    "issuedAt, 2026-11-21T10:02:01.000Z, issued_in_future",
    "notBefore, 2026-11-21T10:02:00.000Z, not_yet_valid",
    "domain, evil.example, domain_mismatch",
  })
  void signed_header_with_a_bad_field_is_rejected_with_its_reason(
      String field, String value, String reason) {
    Map<String, Object> f = fields();
    f.put(field, value);
    assertInvalid(signed(f), reason);
  }

  @Test
  void domain_mismatch_message_names_expected_and_got() {
    String header = SiwxTestSigner.header(KEY, "evil.example", URI, NOW, NOW.plusSeconds(300));
    assertThat(assertInvalid(header, "domain_mismatch").getMessage())
        .contains("127.0.0.1").contains("evil.example");
  }

  @Test
  void expired_and_too_old_messages_match_production_text() {
    String expired = SiwxTestSigner.header(KEY, DOMAIN, URI, NOW.minusSeconds(100),
        NOW.minusSeconds(1));
    assertThat(assertInvalid(expired, "expired").getMessage()).isEqualTo("SIWX message expired");
    String old = SiwxTestSigner.header(KEY, DOMAIN, URI, NOW.minusSeconds(301), NOW.plusSeconds(9));
    assertThat(assertInvalid(old, "too_old").getMessage())
        .isEqualTo("Message issued more than 300s ago. Generate a fresh SIWX message.");
  }

  @Test
  void tampered_uri_or_another_signer_is_signature_mismatch() {
    Map<String, Object> f = fields();
    SiwxTestSigner.sign(KEY, f);
    f.put("uri", "http://127.0.0.1:4402/projects/v1/other");
    assertInvalid(SiwxTestSigner.encode(f), "signature_mismatch");
    Map<String, Object> g = fields();
    SiwxTestSigner.sign(ECKeyPair.create(new BigInteger("22".repeat(32), 16)), g);
    assertInvalid(SiwxTestSigner.encode(g), "signature_mismatch");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0x1234", "0x", "not-hex-at-all"})
  void signature_of_wrong_length_or_not_hex_is_bad_signature(String signature) {
    Map<String, Object> f = fields();
    f.put("signature", signature);
    assertInvalid(SiwxTestSigner.encode(f), "bad_signature");
    f.put("signature", "0x" + "00".repeat(64) + "05");
    assertInvalid(SiwxTestSigner.encode(f), "bad_signature");
  }

  @Test
  void recovery_id_0_or_1_is_accepted_like_27_or_28() {
    Map<String, Object> f = fields();
    SiwxTestSigner.sign(KEY, f);
    String sig = (String) f.get("signature");
    int v = Integer.parseInt(sig.substring(130), 16);
    f.put("signature", sig.substring(0, 130) + String.format("%02x", v - 27));
    assertThat(verifier.verify(SiwxTestSigner.encode(f), DOMAIN).checksumAddress())
        .isEqualTo(ADDRESS);
  }
}

package com.run402.local.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.run402.local.runtime.rest.RestError;
import com.run402.local.runtime.rest.RestOptions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecJwtTest {
  private final ObjectMapper json = new ObjectMapper();
  private final Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
  private final RestOptions.JwtVerifier verifier = SpecJwt.verifier(SpecJwt.SECRET, json, clock);

  private String mint(String secret, String claimsJson) throws Exception {
    Map<String, JsonNode> claims = new LinkedHashMap<>();
    json.readTree(claimsJson).properties().forEach(e -> claims.put(e.getKey(), e.getValue()));
    return SpecJwt.mint(new CaseFile.Jwt("HS256", secret, claims), json, clock);
  }

  private RestError rejected(String token) {
    return catchThrowableOfType(RestError.class, () -> verifier.verify(token));
  }

  @Test
  void minted_tokens_verify_and_relative_times_resolve_at_mint_time() throws Exception {
    String t = mint(SpecJwt.SECRET, "{\"role\":\"postgrest_test_author\",\"exp\":{\"$secondsFromNow\":-10}}");
    JsonNode payload = json.readTree(Base64.getUrlDecoder().decode(t.split("\\.")[1]));
    assertThat(payload.get("exp").asLong()).isEqualTo(1_700_000_000L - 10);
    // 10 s past exp is inside PostgREST's 30 s skew
    assertThat(verifier.verify(t)).containsEntry("role", "postgrest_test_author");
  }

  @Test
  void a_known_upstream_token_verifies() {
    // AuthSpec's literal token for {"role":"postgrest_test_author"}
    String t = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoicG9zdGdyZXN0X3Rlc3RfYXV0aG9yIn0."
        + "Xod-F15qsGL0WhdOCr2j3DdKuTw9QJERVgoFD3vGaWA";
    assertThat(verifier.verify(t)).containsEntry("role", "postgrest_test_author");
  }

  @Test
  void decode_errors_are_pgrst301_with_postgrest_messages() throws Exception {
    assertThat(rejected("")).extracting(RestError::code, Throwable::getMessage)
        .containsExactly("PGRST301", "Empty JWT is sent in Authorization header");
    assertThat(rejected("a.b").getMessage()).isEqualTo("Expected 3 parts in JWT; got 2");
    RestError wrongKey = rejected(mint("wrong secret", "{}"));
    assertThat(wrongKey.status()).isEqualTo(401);
    assertThat(wrongKey.code()).isEqualTo("PGRST301");
  }

  @Test
  void claim_errors_are_pgrst303() throws Exception {
    assertThat(rejected(mint(SpecJwt.SECRET, "{\"exp\":{\"$secondsFromNow\":-35}}")))
        .extracting(RestError::code, Throwable::getMessage).containsExactly("PGRST303", "JWT expired");
    assertThat(rejected(mint(SpecJwt.SECRET, "{\"nbf\":{\"$secondsFromNow\":35}}")).getMessage())
        .isEqualTo("JWT not yet valid");
    assertThat(rejected(mint(SpecJwt.SECRET, "{\"iat\":{\"$secondsFromNow\":35}}")).getMessage())
        .isEqualTo("JWT issued at future");
    assertThat(rejected(mint(SpecJwt.SECRET, "{\"exp\":\"invalid\"}")).getMessage())
        .isEqualTo("The JWT 'exp' claim must be a number");
    assertThat(rejected(mint(SpecJwt.SECRET, "{\"iat\":\"invalid\"}")).getMessage())
        .isEqualTo("The JWT 'iat' claim must be a number");
    assertThat(rejected(mint(SpecJwt.SECRET, "{\"aud\":[{\"a\":1},\"x\"]}")).getMessage())
        .isEqualTo("The JWT 'aud' claim must be a string or an array of strings");
    assertThat(verifier.verify(mint(SpecJwt.SECRET, "{\"aud\":[],\"iat\":{\"$secondsFromNow\":0}}")))
        .containsKey("iat");
  }

  @Test
  void a_forged_token_with_a_bad_claim_type_is_a_signature_error() throws Exception {
    assertThat(rejected(mint("some other secret of enough length!", "{\"exp\":\"invalid\"}")).code())
        .isEqualTo("PGRST301");
  }
}

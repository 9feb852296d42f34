package com.run402.local.runtime.projects;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.run402.local.runtime.LocalSecrets;
import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ProjectKeysTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

  @TempDir Path dataDir;
  @TempDir Path otherDataDir;

  private ProjectKeys keys;

  @BeforeEach
  void setUp() {
    keys = new ProjectKeys(LocalSecrets.loadOrCreate(dataDir, JSON));
  }

  private static JsonNode part(String token, int index) throws Exception {
    return JSON.readTree(new String(Base64.getUrlDecoder().decode(token.split("\\.")[index]), StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"anon", "service_role"})
  void a_minted_key_verifies_to_its_id_role_and_project(String role) {
    ProjectKeys.Minted m = keys.mint("prj_1_0001", role, NOW);
    assertThat(m.role()).isEqualTo(role);
    assertThat(m.keyId()).matches("key_[0-9a-f]{32}");
    assertThat(keys.verify(m.token())).contains(new ProjectKeys.Verified(m.keyId(), role, "prj_1_0001"));
  }

  @Test
  void each_mint_gets_a_fresh_key_id() {
    assertThat(keys.mint("p", "anon", NOW).keyId()).isNotEqualTo(keys.mint("p", "anon", NOW).keyId());
  }

  @Test
  void the_token_is_an_hs256_jwt_with_role_project_issuer_id_and_no_expiry() throws Exception {
    ProjectKeys.Minted m = keys.mint("prj_1_0001", "service_role", NOW);
    assertThat(m.token().split("\\.")).hasSize(3);
    JsonNode header = part(m.token(), 0);
    assertThat(header.path("alg").asText()).isEqualTo("HS256");
    assertThat(header.path("typ").asText()).isEqualTo("JWT");
    JsonNode claims = part(m.token(), 1);
    assertThat(claims.path("role").asText()).isEqualTo("service_role");
    assertThat(claims.path("project_id").asText()).isEqualTo("prj_1_0001");
    assertThat(claims.path("iss").asText()).isEqualTo(ProjectKeys.ISSUER).isEqualTo("run402-local");
    assertThat(claims.path("jti").asText()).isEqualTo(m.keyId());
    assertThat(claims.path("iat").asLong()).isEqualTo(NOW.getEpochSecond());
    assertThat(claims.has("exp")).isFalse();
  }

  @Test
  void the_same_data_dir_verifies_keys_across_restarts() {
    ProjectKeys.Minted m = keys.mint("prj_1_0001", "anon", NOW);
    ProjectKeys reloaded = new ProjectKeys(LocalSecrets.loadOrCreate(dataDir, JSON));
    assertThat(reloaded.verify(m.token())).isPresent();
    assertThat(Files.exists(dataDir.resolve("secrets.json"))).isTrue();
  }

  @Test
  void a_key_signed_with_another_data_dirs_secrets_is_rejected() {
    ProjectKeys other = new ProjectKeys(LocalSecrets.loadOrCreate(otherDataDir, JSON));
    assertThat(keys.verify(other.mint("prj_1_0001", "service_role", NOW).token())).isEmpty();
  }

  @Test
  void a_tampered_payload_is_rejected() {
    String[] parts = keys.mint("prj_1_0001", "anon", NOW).token().split("\\.");
    String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("\"anon\"", "\"service_role\"").getBytes(StandardCharsets.UTF_8));
    assertThat(forged).isNotEqualTo(parts[1]);
    assertThat(keys.verify(parts[0] + "." + forged + "." + parts[2])).isEmpty();
  }

  @Test
  void a_tampered_signature_is_rejected() {
    String token = keys.mint("prj_1_0001", "anon", NOW).token();
    int i = token.lastIndexOf('.') + 5;
    char flipped = token.charAt(i) == 'A' ? 'B' : 'A';
    assertThat(keys.verify(token.substring(0, i) + flipped + token.substring(i + 1))).isEmpty();
  }

  @Test
  void an_unsigned_token_is_rejected() {
    String[] parts = keys.mint("prj_1_0001", "service_role", NOW).token().split("\\.");
    String none = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(keys.verify(none + "." + parts[1] + ".")).isEmpty();
  }

  @Test
  void a_well_signed_token_with_another_issuer_or_missing_claims_is_rejected() {
    String otherIssuer = Jwts.builder().issuer("someone-else").id("key_1").claim("role", "anon")
        .claim("project_id", "p").signWith(keys.signingKey(), Jwts.SIG.HS256).compact();
    String noProject = Jwts.builder().issuer(ProjectKeys.ISSUER).id("key_1").claim("role", "anon")
        .issuedAt(Date.from(NOW)).signWith(keys.signingKey(), Jwts.SIG.HS256).compact();
    String noId = Jwts.builder().issuer(ProjectKeys.ISSUER).claim("role", "anon").claim("project_id", "p")
        .signWith(keys.signingKey(), Jwts.SIG.HS256).compact();
    assertThat(keys.verify(otherIssuer)).isEmpty();
    assertThat(keys.verify(noProject)).isEmpty();
    assertThat(keys.verify(noId)).isEmpty();
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @NullAndEmptySource
  @ValueSource(strings = {"   ", "garbage", "a.b.c", "eyJhbGciOiJIUzI1NiJ9..", "not.a.jwt.at.all"})
  void garbage_is_rejected_without_throwing(String token) {
    assertThat(keys.verify(token)).isEmpty();
  }

  @Test
  void an_oversized_token_is_rejected() {
    assertThat(keys.verify("a".repeat(4097))).isEmpty();
  }
}

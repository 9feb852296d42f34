package com.run402.local.runtime.projects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.tiers.Tier;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ProvisionRequestTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00.123Z");
  private static final String INVALID_NAME = "Invalid name: must be 1-128 characters without control characters";

  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s);
  }

  private static ApiException fails(JsonNode body) {
    ApiException e = catchThrowableOfType(ApiException.class, () -> ProvisionRequest.parse(body, NOW));
    assertThat(e).as("expected %s to be rejected", body).isNotNull();
    return e;
  }

  @Test
  void absent_bodies_default_the_name_from_the_clock_and_leave_the_tier_empty() throws Exception {
    for (JsonNode body : new JsonNode[] {null, NullNode.getInstance(), MissingNode.getInstance(), json("{}"),
        json("{\"name\":null,\"tier\":null,\"org_id\":null}")}) {
      ProvisionRequest r = ProvisionRequest.parse(body, NOW);
      assertThat(r.name()).isEqualTo("project-" + NOW.toEpochMilli());
      assertThat(r.tier()).isEmpty();
    }
  }

  @Test
  void name_is_stripped_and_tier_parsed() throws Exception {
    ProvisionRequest r = ProvisionRequest.parse(json("{\"name\":\"  my app  \",\"tier\":\"hobby\"}"), NOW);
    assertThat(r.name()).isEqualTo("my app");
    assertThat(r.tier()).contains(Tier.HOBBY);
    assertThat(r.canonical()).isEqualTo("my app\nhobby");
  }

  @Test
  void canonical_form_without_a_tier_ends_with_an_empty_line() {
    assertThat(new ProvisionRequest("x", Optional.empty()).canonical()).isEqualTo("x\n");
  }

  @Test
  void a_name_of_exactly_128_characters_is_accepted() throws Exception {
    String name = "n".repeat(128);
    assertThat(ProvisionRequest.parse(json("{\"name\":\"" + name + "\"}"), NOW).name()).isEqualTo(name);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"\"\"", "\"   \"", "\"a\\u0001b\"", "\"tab\\there\"", "\"a\\u007fb\""})
  void blank_or_control_character_names_are_invalid(String name) throws Exception {
    ApiException e = fails(json("{\"name\":" + name + "}"));
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.error()).isEqualTo("invalid_name");
    assertThat(e.getMessage()).isEqualTo(INVALID_NAME);
  }

  @Test
  void a_name_of_129_characters_is_invalid() throws Exception {
    ApiException e = fails(json("{\"name\":\"" + "n".repeat(129) + "\"}"));
    assertThat(e.error()).isEqualTo("invalid_name");
    assertThat(e.getMessage()).isEqualTo(INVALID_NAME);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"42", "true", "[\"a\"]", "{\"a\":1}"})
  void non_string_names_are_invalid(String name) throws Exception {
    ApiException e = fails(json("{\"name\":" + name + "}"));
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.error()).isEqualTo("invalid_name");
    assertThat(e.getMessage()).isEqualTo("name must be a string");
  }

  @Test
  void name_helper_requires_a_name_only_when_asked() {
    assertThat(ProvisionRequest.name(null, false)).isNull();
    assertThat(ProvisionRequest.name(NullNode.getInstance(), false)).isNull();
    ApiException e = catchThrowableOfType(ApiException.class, () -> ProvisionRequest.name(null, true));
    assertThat(e.error()).isEqualTo("invalid_name");
    assertThat(e.getMessage()).isEqualTo("name is required");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      "x"          | x
      "PROTOTYPE"  | PROTOTYPE
      ""           | ``
      5            | 5
      """)
  void unknown_tiers_are_rejected_listing_the_valid_ones(String tier, String shown) throws Exception {
    ApiException e = fails(json("{\"tier\":" + tier + "}"));
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.error()).isEqualTo("invalid_tier");
    assertThat(e.getMessage()).isEqualTo("Unknown tier: " + shown + ". Valid tiers: prototype, hobby, team");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"prototype", "hobby", "team"})
  void every_wire_tier_name_is_accepted(String tier) throws Exception {
    assertThat(ProvisionRequest.parse(json("{\"tier\":\"" + tier + "\"}"), NOW).tier())
        .map(Tier::wireName).contains(tier);
  }

  @Test
  void org_id_is_not_emulated() throws Exception {
    ApiException e = fails(json("{\"org_id\":\"org_1\",\"name\":\"x\"}"));
    assertThat(e.status()).isEqualTo(501);
    assertThat(e.error()).isEqualTo("not_emulated");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"[]", "\"name\"", "42", "true"})
  void a_body_that_is_not_an_object_is_rejected(String body) throws Exception {
    ApiException e = fails(json(body));
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.error()).isEqualTo("invalid_body");
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @NullAndEmptySource
  @ValueSource(strings = {"  "})
  void limit_defaults_to_50(String param) {
    assertThat(ProvisionRequest.limit(param)).isEqualTo(50);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource({"1,1", "10,10", "' 7 ',7", "200,200", "201,200", "100000,200"})
  void limit_is_capped_at_200(String param, int expected) {
    assertThat(ProvisionRequest.limit(param)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', textBlock = """
      abc          | Invalid limit: must be a positive integer
      1.5          | Invalid limit: must be a positive integer
      99999999999  | Invalid limit: must be a positive integer
      0            | Invalid limit: must be at least 1
      -5           | Invalid limit: must be at least 1
      """)
  void invalid_limits_are_400_invalid_limit(String param, String message) {
    ApiException e = catchThrowableOfType(ApiException.class, () -> ProvisionRequest.limit(param));
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.error()).isEqualTo("invalid_limit");
    assertThat(e.getMessage()).isEqualTo(message);
  }
}

package com.run402.local.runtime.projects;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.tiers.Tier;
import java.time.Instant;
import java.util.Optional;

/** The validated body of {@code POST /projects/v1}: {@code {tier?, name?, org_id?}}. */
record ProvisionRequest(String name, Optional<Tier> tier) {
  static final int MAX_NAME = 128;

  static ProvisionRequest parse(JsonNode body, Instant now) {
    if (body != null && !body.isNull() && !body.isMissingNode() && !body.isObject()) {
      throw ApiException.badRequest("invalid_body", "Request body must be a JSON object");
    }
    JsonNode b = body == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : body;
    JsonNode orgId = b.get("org_id");
    if (orgId != null && !orgId.isNull()) {
      throw new ApiException(501, "not_emulated",
          "Provisioning into an organization (org_id) is not emulated by run402-local yet");
    }
    String name = b.has("name") && !b.get("name").isNull() ? name(b.get("name"), true) : "project-" + now.toEpochMilli();
    Optional<Tier> tier = Optional.empty();
    JsonNode t = b.get("tier");
    if (t != null && !t.isNull()) {
      if (!t.isTextual() || Tier.parse(t.asText()).isEmpty()) {
        throw ApiException.badRequest("invalid_tier",
            "Unknown tier: " + t.asText() + ". Valid tiers: prototype, hobby, team");
      }
      tier = Tier.parse(t.asText());
    }
    return new ProvisionRequest(name, tier);
  }

  /** A project name: a string of 1 to 128 characters without control characters. */
  static String name(JsonNode n, boolean required) {
    if (n == null || n.isNull()) {
      if (required) {
        throw ApiException.badRequest("invalid_name", "name is required");
      }
      return null;
    }
    if (!n.isTextual()) {
      throw ApiException.badRequest("invalid_name", "name must be a string");
    }
    String s = n.asText().strip();
    if (s.isEmpty() || s.length() > MAX_NAME || s.chars().anyMatch(Character::isISOControl)) {
      throw ApiException.badRequest("invalid_name",
          "Invalid name: must be 1-" + MAX_NAME + " characters without control characters");
    }
    return s;
  }

  static int limit(String param) {
    if (param == null || param.isBlank()) {
      return 50;
    }
    int n;
    try {
      n = Integer.parseInt(param.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid_limit", "Invalid limit: must be a positive integer");
    }
    if (n < 1) {
      throw ApiException.badRequest("invalid_limit", "Invalid limit: must be at least 1");
    }
    return Math.min(n, 200);
  }

  String canonical() {
    return name + "\n" + tier.map(Tier::wireName).orElse("");
  }
}

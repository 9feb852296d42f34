package com.run402.local.runtime.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.runtime.error.ApiException;
import java.util.ArrayList;
import java.util.List;

/**
 * The decoded JSON of a SIGN-IN-WITH-X header (CAIP-122 fields, as sent by the Run402 clients).
 * Every field is the raw string from the JSON; absent fields are {@code null}. {@code resources}
 * is never null (empty when absent).
 */
public record SiwxPayload(
    String domain,
    String address,
    String statement,
    String uri,
    String version,
    String chainId,
    String type,
    String nonce,
    String issuedAt,
    String expirationTime,
    String notBefore,
    String requestId,
    List<String> resources,
    String signature) {

  public SiwxPayload {
    resources = resources == null ? List.of() : List.copyOf(resources);
  }

  /**
   * Reads the payload from a parsed JSON value, checking only JSON types (not presence).
   *
   * @throws ApiException 402 invalid_siwx (reason malformed / invalid_chain_id)
   */
  public static SiwxPayload fromJson(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw SiwxVerifier.invalid("malformed", "SIGN-IN-WITH-X payload must be a JSON object");
    }
    JsonNode chain = node.get("chainId");
    if (chain != null && chain.isNumber()) {
      throw SiwxVerifier.invalid(
          "invalid_chain_id",
          "chainId must be a CAIP-2 string like \"eip155:84532\", not the number " + chain);
    }
    return new SiwxPayload(
        text(node, "domain"),
        text(node, "address"),
        text(node, "statement"),
        text(node, "uri"),
        text(node, "version"),
        text(node, "chainId"),
        text(node, "type"),
        text(node, "nonce"),
        text(node, "issuedAt"),
        text(node, "expirationTime"),
        text(node, "notBefore"),
        text(node, "requestId"),
        resources(node),
        text(node, "signature"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw SiwxVerifier.invalid(
          "malformed", "SIWX field '" + field + "' must be a string, got " + value.getNodeType());
    }
    return value.textValue();
  }

  private static List<String> resources(JsonNode node) {
    JsonNode value = node.get("resources");
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw SiwxVerifier.invalid("malformed", "SIWX field 'resources' must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw SiwxVerifier.invalid(
            "malformed", "SIWX field 'resources' must contain only strings");
      }
      out.add(item.textValue());
    }
    return out;
  }
}

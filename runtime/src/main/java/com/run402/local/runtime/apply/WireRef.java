package com.run402.local.runtime.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.error.ApiException;
import java.util.Locale;
import java.util.Map;

/** A content ref of the wire spec: {@code {sha256, size, content_type?}} (bytes live in the content store). */
public record WireRef(String sha256, long size, String contentType) {

  static WireRef parse(JsonNode n, String field) {
    if (n == null || !n.isObject()) {
      throw invalid(field, "must be a content ref {sha256, size, content_type?}");
    }
    JsonNode sha = n.get("sha256");
    JsonNode size = n.get("size");
    if (sha == null || !sha.isTextual() || !sha.asText().toLowerCase(Locale.ROOT).matches("[0-9a-f]{64}")) {
      throw invalid(field, "sha256 must be 64 hex digits");
    }
    if (size == null || !size.canConvertToLong() || !size.isIntegralNumber() || size.asLong() < 0) {
      throw invalid(field, "size must be a non-negative integer");
    }
    JsonNode ct = n.get("content_type");
    String type = ct == null || ct.isNull() ? null : ct.asText();
    if (type != null && (type.length() > 255 || type.chars().anyMatch(c -> c < 0x20))) {
      throw invalid(field, "content_type is not a valid media type");
    }
    return new WireRef(sha.asText().toLowerCase(Locale.ROOT), size.asLong(), type);
  }

  ObjectNode toJson(ObjectNode o) {
    o.put("sha256", sha256);
    o.put("size", size);
    if (contentType != null) {
      o.put("content_type", contentType);
    }
    return o;
  }

  static ApiException invalid(String field, String why) {
    return new ApiException(400, "invalid_spec", "Invalid " + field + ": " + why,
        Map.of("code", "INVALID_SPEC", "resource", field));
  }
}

package com.run402.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.run402.local.runtime.s3.SigV4;

/**
 * sha256 of a JSON document with object keys sorted, so equal documents have equal digests (release manifests,
 * function-run intents).
 */
public final class JsonDigest {
  private static final ObjectMapper SORTED = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private JsonDigest() {}

  /** {@code sha256:<hex>}. */
  public static String of(JsonNode n) {
    try {
      Object tree = SORTED.treeToValue(n, Object.class);
      return "sha256:" + SigV4.sha256Hex(SORTED.writeValueAsString(tree));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

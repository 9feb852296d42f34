package com.run402.local.runtime.functions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** JSON with object members in name order at every level: equal intents give equal text (and digests). */
final class Canonical {
  private Canonical() {}

  static String json(JsonNode node, ObjectMapper json) {
    try {
      return json.writeValueAsString(sorted(node, json));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode sorted(JsonNode node, ObjectMapper json) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      Collections.sort(names);
      ObjectNode out = json.createObjectNode();
      names.forEach(n -> out.set(n, sorted(node.get(n), json)));
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = json.createArrayNode();
      node.forEach(e -> out.add(sorted(e, json)));
      return out;
    }
    return node;
  }
}

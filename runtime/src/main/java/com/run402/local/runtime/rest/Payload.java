package com.run402.local.runtime.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A write's body as JSON, whatever it arrived as (JSON, form-urlencoded, CSV), with its column
 * keys. Bulk arrays must have the same keys in every object (PGRST102), as in PostgREST.
 */
record Payload(JsonNode json, Set<String> keys, boolean isArray) {

  static Payload parse(RestCall call, ObjectMapper mapper) {
    return parse(call, mapper, true);
  }

  /** {@code sameKeys=false} when {@code columns=} names the columns (objects may then differ). */
  static Payload parse(RestCall call, ObjectMapper mapper, boolean sameKeys) {
    String ct = call.header("Content-Type");
    String type = ct == null ? "application/json" : ct.split(";")[0].trim().toLowerCase(Locale.ROOT);
    String text = new String(call.body(), StandardCharsets.UTF_8);
    JsonNode node;
    switch (type) {
      case "application/x-www-form-urlencoded":
        node = form(text, mapper);
        break;
      case "text/csv":
        node = csv(text, mapper);
        break;
      default:
        node = json(text, mapper);
    }
    return of(node, sameKeys);
  }

  static Payload of(JsonNode node, boolean sameKeys) {
    if (node.isObject()) {
      return new Payload(node, keysOf(node), false);
    }
    if (!node.isArray()) {
      throw invalid();
    }
    Set<String> keys = null;
    for (JsonNode el : node) {
      if (!el.isObject()) {
        throw mismatch();
      }
      Set<String> k = keysOf(el);
      if (keys == null) {
        keys = new LinkedHashSet<>(k);
      } else if (sameKeys && !keys.equals(k)) {
        throw mismatch();
      } else if (!sameKeys) {
        keys.addAll(k);
      }
    }
    return new Payload(node, keys == null ? new LinkedHashSet<>() : keys, true);
  }

  /** The rows as an array (a single object becomes a one-element array). */
  ArrayNode rows(ObjectMapper mapper) {
    if (json.isArray()) {
      return (ArrayNode) json;
    }
    ArrayNode a = mapper.createArrayNode();
    a.add(json);
    return a;
  }

  int size() {
    return json.isArray() ? json.size() : 1;
  }

  private static Set<String> keysOf(JsonNode o) {
    Set<String> s = new LinkedHashSet<>();
    o.fieldNames().forEachRemaining(s::add);
    return s;
  }

  private static JsonNode json(String text, ObjectMapper mapper) {
    if (text.isBlank()) {
      throw invalid();
    }
    try {
      JsonNode n = mapper.readTree(text);
      if (n == null || !(n.isObject() || n.isArray())) {
        throw invalid();
      }
      return n;
    } catch (RestError e) {
      throw e;
    } catch (Exception e) {
      throw invalid();
    }
  }

  private static JsonNode form(String text, ObjectMapper mapper) {
    ObjectNode o = mapper.createObjectNode();
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        o.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw invalid();
      }
    }
    return o;
  }

  /** CSV with a header row; an empty cell and the unquoted text NULL are SQL NULL, as in PostgREST. */
  private static JsonNode csv(String text, ObjectMapper mapper) {
    List<String[]> parsed = CsvReader.read(text);
    ArrayNode out = mapper.createArrayNode();
    if (parsed.isEmpty()) {
      return out;
    }
    String[] header = parsed.get(0);
    for (int i = 1; i < parsed.size(); i++) {
      String[] r = parsed.get(i);
      if (r.length != header.length) {
        throw new RestError(400, "PGRST102", "All lines must have same number of fields");
      }
      ObjectNode o = out.addObject();
      for (int j = 0; j < header.length; j++) {
        if (r[j] == null || r[j].equals("NULL")) {
          o.putNull(header[j]);
        } else {
          o.put(header[j], r[j]);
        }
      }
    }
    return out;
  }

  static RestError invalid() {
    return new RestError(400, "PGRST102", "Empty or invalid json");
  }

  static RestError mismatch() {
    return new RestError(400, "PGRST102", "All object keys must match");
  }
}

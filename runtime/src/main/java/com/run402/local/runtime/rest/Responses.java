package com.run402.local.runtime.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.rest.exec.Executor.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds responses: bodies in the negotiated format, Content-Range, response GUCs, errors. */
final class Responses {
  private final ObjectMapper json;

  Responses(ObjectMapper json) {
    this.json = json;
  }

  RestResult error(RestError e) {
    ObjectNode body = json.createObjectNode();
    body.put("code", e.code());
    if (e.detailsJson() != null) {
      body.set("details", json.valueToTree(e.detailsJson()));
    } else {
      body.put("details", e.details());
    }
    body.put("hint", e.hint());
    body.put("message", e.getMessage());
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", MediaType.JSON.contentType);
    h.put("Proxy-Status", "PostgREST; error=" + e.code());
    if (e.status() == 401) {
      h.put("WWW-Authenticate", e.code().startsWith("PGRST30") && !e.code().equals("PGRST302")
          ? "Bearer error=\"invalid_token\", error_description=\"" + e.getMessage().replace("\"", "'") + "\""
          : "Bearer");
    }
    h.putAll(e.headers());
    return new RestResult(e.status(), h, bytes(body.toString()));
  }

  /** Content-Range for a page starting at {@code offset} of {@code pageTotal} rows. */
  static String contentRange(long offset, long pageTotal, Long total) {
    String t = total == null ? "*" : Long.toString(total);
    if (pageTotal <= 0) {
      return "*/" + t;
    }
    return offset + "-" + (offset + pageTotal - 1) + "/" + t;
  }

  /** Applies {@code response.headers} / {@code response.status} set by SQL; may replace the status. */
  int applyGucs(Outcome o, Map<String, String> headers, int status) {
    if (o.responseHeaders() != null) {
      try {
        JsonNode arr = json.readTree(o.responseHeaders());
        if (!arr.isArray()) {
          throw new IllegalArgumentException();
        }
        for (JsonNode h : arr) {
          if (!h.isObject() || h.size() != 1) {
            throw new IllegalArgumentException();
          }
          Map.Entry<String, JsonNode> f = h.fields().next();
          if (!f.getValue().isTextual()) {
            throw new IllegalArgumentException();
          }
          headers.put(f.getKey(), f.getValue().asText());
        }
      } catch (Exception e) {
        throw new RestError(500, "PGRST111",
            "response.headers guc must be a JSON array composed of objects with a single key and a string value");
      }
    }
    if (o.responseStatus() != null) {
      try {
        int s = Integer.parseInt(o.responseStatus().trim());
        if (s < 100 || s > 599) {
          throw new NumberFormatException();
        }
        return s;
      } catch (NumberFormatException e) {
        throw new RestError(500, "PGRST112", "response.status guc must be a valid status code");
      }
    }
    return status;
  }

  /** The body in the negotiated format (CSV is rendered from the JSON Postgres built). */
  byte[] body(String body, MediaType media) {
    if (body == null) {
      return new byte[0];
    }
    if (media == MediaType.CSV) {
      return bytes(csv(body));
    }
    return bytes(body);
  }

  private String csv(String body) {
    try {
      JsonNode arr = json.readTree(body);
      if (!arr.isArray() || arr.isEmpty()) {
        return "";
      }
      StringBuilder b = new StringBuilder();
      Iterator<String> keys = arr.get(0).fieldNames();
      boolean first = true;
      while (keys.hasNext()) {
        b.append(first ? "" : ",").append(cell(keys.next()));
        first = false;
      }
      for (JsonNode row : arr) {
        b.append('\n');
        first = true;
        Iterator<JsonNode> vals = row.elements();
        while (vals.hasNext()) {
          JsonNode v = vals.next();
          b.append(first ? "" : ",");
          first = false;
          if (!v.isNull()) {
            b.append(cell(v.isTextual() ? v.asText() : v.toString()));
          }
        }
      }
      return b.toString();
    } catch (Exception e) {
      throw new RestError(500, "PGRST000", "Could not render CSV");
    }
  }

  private static String cell(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

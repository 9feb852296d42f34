package com.run402.local.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Undoes the corpus's {@code transforms}: they adapted expectations to fixtures loaded into
 * {@code public}, and this runner loads them into {@code test} as upstream does.
 */
public final class Transforms {
  private static final String SCHEMA_RENAME = "expected body: schema \"test.\" rewritten to \"public.\"";
  private static final Pattern CONTENT_LENGTH = Pattern.compile("^expected Content-Length: (\\d+) -> (\\d+)\\b.*");

  private Transforms() {}

  /** Thrown for a transform this runner does not know how to reverse (the case cannot be judged). */
  public static final class UnknownTransform extends Exception {
    private static final long serialVersionUID = 1L;

    UnknownTransform(String t) {
      super("cannot reverse transform: " + t);
    }
  }

  public static CaseFile.Expected reverse(CaseFile.Case c) throws UnknownTransform {
    CaseFile.Expected e = c.expected();
    for (String t : c.transforms()) {
      Matcher m = CONTENT_LENGTH.matcher(t);
      if (t.startsWith(SCHEMA_RENAME)) {
        e = new CaseFile.Expected(e.status(), e.body() == null ? null : unrename(e.body().deepCopy()), e.bodyFormat(),
            e.headers(), e.headersAbsent(), e.headersContain(), e.headersMatch());
      } else if (m.matches()) {
        Map<String, String> h = new LinkedHashMap<>(e.headers());
        String key = h.keySet().stream().filter(k -> k.equalsIgnoreCase("Content-Length")).findFirst()
            .orElse("Content-Length");
        h.put(key, m.group(1));
        e = new CaseFile.Expected(e.status(), e.body(), e.bodyFormat(), h, e.headersAbsent(), e.headersContain(),
            e.headersMatch());
      } else {
        throw new UnknownTransform(t);
      }
    }
    return e;
  }

  /** Rewrites {@code public.} back to {@code test.} in every string of a JSON value. */
  static JsonNode unrename(JsonNode n) {
    if (n.isTextual()) {
      return TextNode.valueOf(n.asText().replace("public.", "test."));
    }
    if (n.isObject()) {
      ObjectNode o = (ObjectNode) n;
      for (String k : o.properties().stream().map(Map.Entry::getKey).collect(java.util.stream.Collectors.toList())) {
        o.set(k, unrename(o.get(k)));
      }
      return o;
    }
    if (n.isArray()) {
      ArrayNode a = (ArrayNode) n;
      for (int i = 0; i < a.size(); i++) {
        a.set(i, unrename(a.get(i)));
      }
      return a;
    }
    return n;
  }
}

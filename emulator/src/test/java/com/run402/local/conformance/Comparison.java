package com.run402.local.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compares one response with a case's expectation and names the first difference, which is what an
 * engine author needs from a failing case. JSON is compared structurally as Aeson compares values:
 * object key order is irrelevant and numbers compare by value (1 equals 1.0).
 */
public final class Comparison {
  private static final int MAX_SNIPPET = 160;

  private final ObjectMapper json;

  public Comparison(ObjectMapper json) {
    this.json = json;
  }

  /** An HTTP response: header names case-insensitive (callers pass a case-insensitive map). */
  public record Response(int status, Map<String, List<String>> headers, byte[] body) {}

  /** Empty when the response satisfies the expectation, otherwise the first difference found. */
  public Optional<String> firstDifference(CaseFile.Expected exp, String bodyMatch, Response r) {
    if (r.status() != exp.status()) {
      return Optional.of("status: expected " + exp.status() + ", got " + r.status() + bodyHint(r.body()));
    }
    for (Map.Entry<String, String> h : exp.headers().entrySet()) {
      List<String> got = values(r, h.getKey());
      if (!got.contains(h.getValue())) {
        return Optional.of("header " + h.getKey() + ": expected \"" + h.getValue() + "\", got "
            + (got.isEmpty() ? "none" : "\"" + String.join("\", \"", got) + "\""));
      }
    }
    for (String name : exp.headersAbsent()) {
      if (!values(r, name).isEmpty()) {
        return Optional.of("header " + name + ": expected absent, got \"" + values(r, name).get(0) + "\"");
      }
    }
    for (CaseFile.NameValue nv : exp.headersContain()) {
      List<String> got = values(r, nv.name());
      if (got.stream().noneMatch(v -> v.contains(nv.value()))) {
        return Optional.of("header " + nv.name() + ": expected to contain \"" + nv.value() + "\", got " + got);
      }
    }
    for (CaseFile.NamePattern np : exp.headersMatch()) {
      Pattern p;
      try {
        p = Pattern.compile(np.pattern());
      } catch (PatternSyntaxException e) {
        return Optional.of("header " + np.name() + ": pattern not usable in Java: " + np.pattern());
      }
      List<String> got = values(r, np.name());
      if (got.stream().noneMatch(v -> p.matcher(v).find())) {
        return Optional.of("header " + np.name() + ": expected to match /" + np.pattern() + "/, got " + got);
      }
    }
    if ("ignore".equals(bodyMatch)) {
      return Optional.empty();
    }
    return bodyDifference(exp, "set".equals(bodyMatch), r.body());
  }

  private Optional<String> bodyDifference(CaseFile.Expected exp, boolean unordered, byte[] body) {
    String format = exp.bodyFormat() == null ? "ignore" : exp.bodyFormat();
    switch (format) {
      case "ignore":
        return Optional.empty();
      case "none":
        return body.length == 0 ? Optional.empty() : Optional.of("body: expected empty, got " + snippet(body));
      case "text": {
        byte[] want = exp.body() == null || exp.body().isNull() ? new byte[0]
            : exp.body().asText().getBytes(StandardCharsets.UTF_8);
        return Arrays.equals(want, body) ? Optional.empty()
            : Optional.of("body: expected " + snippet(want) + ", got " + snippet(body));
      }
      case "json": {
        JsonNode got;
        try {
          got = json.readTree(body);
        } catch (java.io.IOException e) {
          got = null;
        }
        if (got == null || got.isMissingNode()) {
          return Optional.of("body: expected JSON, got " + snippet(body));
        }
        JsonNode want = exp.body() == null ? NullNode.getInstance() : exp.body();
        return diff("$", want, got, unordered);
      }
      default:
        return Optional.of("unknown expected bodyFormat " + format);
    }
  }

  /** First structural difference between two JSON values, as {@code path: expected X, got Y}. */
  public static Optional<String> diff(String path, JsonNode want, JsonNode got, boolean unordered) {
    if (want.isNumber() && got.isNumber()) {
      return want.decimalValue().compareTo(got.decimalValue()) == 0 ? Optional.empty() : mismatch(path, want, got);
    }
    if (want.getNodeType() != got.getNodeType()) {
      return mismatch(path, want, got);
    }
    if (want.isObject()) {
      for (Map.Entry<String, JsonNode> e : want.properties()) {
        if (!got.has(e.getKey())) {
          return Optional.of(path + "." + e.getKey() + ": missing (expected " + brief(e.getValue()) + ")");
        }
        Optional<String> d = diff(path + "." + e.getKey(), e.getValue(), got.get(e.getKey()), unordered);
        if (d.isPresent()) {
          return d;
        }
      }
      for (Map.Entry<String, JsonNode> e : got.properties()) {
        String k = e.getKey();
        if (!want.has(k)) {
          return Optional.of(path + "." + k + ": unexpected key (got " + brief(got.get(k)) + ")");
        }
      }
      return Optional.empty();
    }
    if (want.isArray()) {
      if (want.size() != got.size()) {
        return Optional.of(path + ": expected " + want.size() + " elements, got " + got.size() + " " + brief(got));
      }
      return unordered ? unorderedDiff(path, want, got) : orderedDiff(path, want, got);
    }
    return want.equals(got) ? Optional.empty() : mismatch(path, want, got);
  }

  private static Optional<String> orderedDiff(String path, JsonNode want, JsonNode got) {
    for (int i = 0; i < want.size(); i++) {
      Optional<String> d = diff(path + "[" + i + "]", want.get(i), got.get(i), false);
      if (d.isPresent()) {
        return d;
      }
    }
    return Optional.empty();
  }

  /** Multiset comparison: every expected element pairs with a distinct equal actual element. */
  private static Optional<String> unorderedDiff(String path, JsonNode want, JsonNode got) {
    List<JsonNode> pool = new ArrayList<>();
    got.forEach(pool::add);
    for (int i = 0; i < want.size(); i++) {
      JsonNode w = want.get(i);
      int hit = -1;
      for (int j = 0; j < pool.size() && hit < 0; j++) {
        if (diff(path, w, pool.get(j), true).isEmpty()) {
          hit = j;
        }
      }
      if (hit < 0) {
        return Optional.of(path + "[" + i + "]: expected element " + brief(w) + " not found in " + brief(got));
      }
      pool.remove(hit);
    }
    return Optional.empty();
  }

  private static Optional<String> mismatch(String path, JsonNode want, JsonNode got) {
    return Optional.of(path + ": expected " + brief(want) + ", got " + brief(got));
  }

  private static String brief(JsonNode n) {
    String s = n.toString();
    return s.length() > MAX_SNIPPET ? s.substring(0, MAX_SNIPPET) + "..." : s;
  }

  private static String snippet(byte[] b) {
    if (b.length == 0) {
      return "empty";
    }
    String s = new String(b, StandardCharsets.UTF_8);
    return "\"" + (s.length() > MAX_SNIPPET ? s.substring(0, MAX_SNIPPET) + "..." : s) + "\"";
  }

  private static String bodyHint(byte[] body) {
    return body.length == 0 ? "" : " (" + snippet(body) + ")";
  }

  private static List<String> values(Response r, String name) {
    List<String> v = r.headers().get(name);
    return v == null ? List.of() : v;
  }
}

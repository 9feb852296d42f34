package com.run402.local.server.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * The invariants every response must satisfy, whatever the input: a status below 500, no Java
 * internals in the body, and error bodies in PostgREST's shape ({@code code}, {@code message}) or
 * the gateway's ({@code error}, {@code message}).
 */
public final class FuzzCheck {
  private FuzzCheck() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Text that only a leaked exception or stack trace would put in a body (never generated as input). */
  static final List<String> MARKERS = List.of("Exception", "\tat ", "at com.", "at java.", "at org.", "java.lang",
      "java.sql", "java.util", "java.io", "org.postgresql", "NullPointer", "com.run402", "com.fasterxml", "io.javalin",
      "org.eclipse.jetty", "StackOverflow", "OutOfMemory");

  /** A failed check: {@code kind} groups failures for the report and for shrinking. */
  public record Failure(String kind, String detail) {}

  /** Null when the response is acceptable. */
  public static Failure check(FuzzRequest req, FuzzClient.Response res) {
    if (res.failure() != null) {
      return new Failure("no-response", res.failure());
    }
    String text = res.text();
    if (res.status() >= 500) {
      return new Failure("5xx", res.status() + " " + errorCode(text));
    }
    for (String m : MARKERS) {
      if (text.contains(m) && !echoed(req, m)) {
        return new Failure("java-text", "status " + res.status() + ", body contains '" + m.replace("\t", "\\t") + "'");
      }
    }
    if (res.status() >= 400 && !req.method().equals("HEAD") && !transportRejection(res)) {
      String shape = errorShape(text);
      if (shape != null) {
        return new Failure("error-shape", res.status() + " " + shape);
      }
    }
    return null;
  }

  /**
   * Jetty's own refusal of a request it cannot parse or will not take (bad escapes, a URI over its
   * 8 KiB limit), answered with its HTML error page before any route runs. Tolerated and counted
   * apart: not the REST engine's answer, and PostgREST's Warp has its own non-JSON answers there.
   */
  public static boolean transportRejection(FuzzClient.Response res) {
    return (res.status() == 400 || res.status() == 413 || res.status() == 414 || res.status() == 431)
        && res.text().contains("<h2>HTTP ERROR " + res.status());
  }

  /** Why an error body is not PostgREST's or the gateway's JSON error, or null when it is. */
  static String errorShape(String text) {
    JsonNode n;
    try {
      n = JSON.readTree(text);
    } catch (Exception e) {
      n = null;
    }
    if (n == null || !n.isObject()) {
      return "error body is not a JSON object: " + abbreviate(text, 120);
    }
    boolean postgrest = n.hasNonNull("code") && n.has("message");
    boolean gateway = n.hasNonNull("error") && n.has("message");
    return postgrest || gateway ? null : "error body lacks code/message and error/message: " + abbreviate(text, 120);
  }

  /** PostgREST's code (or the gateway's error) of an error body, for grouping. */
  public static String errorCode(String text) {
    try {
      JsonNode n = JSON.readTree(text);
      if (n != null && n.isObject()) {
        return n.hasNonNull("code") ? n.get("code").asText() : n.path("error").asText("?");
      }
    } catch (Exception e) {
      // not JSON: grouped under "-"
    }
    return "-";
  }

  /** A marker the client itself sent is an echo, not a leak (the generator avoids them anyway). */
  private static boolean echoed(FuzzRequest req, String marker) {
    String sent = req.target() + req.headers() + (req.body() == null ? "" : new String(req.body(),
        java.nio.charset.StandardCharsets.UTF_8));
    return sent.contains(marker);
  }

  static String abbreviate(String s, int n) {
    String one = s.replace("\n", "\\n");
    return one.length() <= n ? one : one.substring(0, n) + "…";
  }
}

package com.run402.local.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A tiny HTTP client for route tests: JSON in, status + JSON out. */
public final class Api {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public Api(URI base) {
    this.base = base.toString();
  }

  public String base() {
    return base;
  }

  /** A response: status, headers, parsed JSON body (null when not JSON) and raw text. */
  public record Res(int status, JsonNode json, String text, HttpResponse<String> raw) {}

  public Res send(String method, String path, Map<String, String> headers, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode n = null;
      if (r.headers().firstValue("content-type").orElse("").contains("json") && !r.body().isEmpty()) {
        n = JSON.readTree(r.body());
      }
      return new Res(r.statusCode(), n, r.body(), r);
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The status and body a server answers to a request that announces {@code contentLength} bytes
   * but sends none: how a test sees an early refusal (413 before the body is read) without racing a
   * client that is still writing a body the server will never read (java.net.http then reports a
   * broken pipe instead of the response, and its Expect: 100-continue hangs on JDK 17).
   */
  public Res announce(String method, String path, Map<String, String> headers, long contentLength) {
    URI u = URI.create(base + path);
    try (java.net.Socket s = new java.net.Socket(u.getHost(), u.getPort())) {
      s.setSoTimeout(30_000);
      StringBuilder req = new StringBuilder(method + " " + u.getRawPath() + " HTTP/1.1\r\nHost: " + u.getHost() + ":"
          + u.getPort() + "\r\nContent-Length: " + contentLength + "\r\nConnection: close\r\n");
      headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
      s.getOutputStream().write(req.append("\r\n").toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      String raw = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      int status = Integer.parseInt(raw.substring(9, 12));
      int split = raw.indexOf("\r\n\r\n");
      String body = split < 0 ? "" : raw.substring(split + 4);
      JsonNode n = body.trim().startsWith("{") ? JSON.readTree(body.trim()) : null;
      return new Res(status, n, body, null);
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    }
  }

  public Res get(String path, Map<String, String> headers) {
    return send("GET", path, headers, null);
  }

  public Res postJson(String path, Map<String, String> headers, String json) {
    java.util.Map<String, String> h = new java.util.HashMap<>(headers);
    h.putIfAbsent("Content-Type", "application/json");
    return send("POST", path, h, json);
  }

  public Map<String, String> wallet(TestWallet w, String path) {
    return Map.of("SIGN-IN-WITH-X", w.siwx(base, path));
  }

  public static Map<String, String> bearer(String key) {
    return Map.of("Authorization", "Bearer " + key);
  }
}

package com.run402.local.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Sends one case's request over HTTP and judges the response. */
public final class CaseRunner {
  /** Bytes allowed unencoded in a URI path or query; everything else is percent-encoded as UTF-8. */
  private static final String URI_SAFE = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?@!$&'()*+,;=%";

  private final HttpClient http;
  private final ObjectMapper json;
  private final Comparison comparison;
  private final Clock clock;
  private final Duration timeout;

  public CaseRunner(ObjectMapper json, Clock clock, Duration timeout) {
    // HTTP/1.1 only: an h2c upgrade attempt would add headers the engine should never see.
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    this.json = json;
    this.comparison = new Comparison(json);
    this.clock = clock;
    this.timeout = timeout;
  }

  /** Empty on pass, else the first difference (or what went wrong sending the request). */
  public Optional<String> run(CaseFile.Case c, URI base) {
    CaseFile.Expected expected;
    try {
      expected = Transforms.reverse(c);
    } catch (Transforms.UnknownTransform e) {
      return Optional.of(e.getMessage());
    }
    HttpRequest req;
    try {
      req = build(c.request(), base);
    } catch (IllegalArgumentException e) {
      return Optional.of("harness: request not sendable with java.net.http: " + e.getMessage());
    }
    HttpResponse<byte[]> res;
    try {
      res = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      return Optional.of("timeout after " + timeout.toSeconds() + " s");
    } catch (java.io.IOException e) {
      return Optional.of("I/O error: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(res.headers().map());
    if (headers.containsKey(SpecServer.CRASH_HEADER)) {
      return Optional.of("engine threw " + headers.get(SpecServer.CRASH_HEADER).get(0));
    }
    String bodyMatch = c.bodyMatch() == null ? "exact" : c.bodyMatch();
    return comparison.firstDifference(expected, bodyMatch, new Comparison.Response(res.statusCode(), headers,
        res.body()));
  }

  HttpRequest build(CaseFile.Request r, URI base) {
    String query = r.query() == null || r.query().isEmpty() ? "" : "?" + encode(r.query());
    URI uri = URI.create(base.toString() + encode(r.path().startsWith("/") ? r.path() : "/" + r.path()) + query);
    HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
    String format = r.bodyFormat() == null ? "none" : r.bodyFormat();
    if (format.equals("json")) {
      try {
        body = HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(r.body()));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalArgumentException(e);
      }
    } else if (format.equals("text") && r.body() != null && !r.body().isNull()) {
      body = HttpRequest.BodyPublishers.ofString(r.body().asText(), StandardCharsets.UTF_8);
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).method(r.method(), body);
    r.headers().forEach(b::header);
    if (r.jwt() != null) {
      b.setHeader("Authorization", "Bearer " + SpecJwt.mint(r.jwt(), json, clock));
    }
    return b.build();
  }

  /**
   * Percent-encodes what cannot appear raw in a URI (spaces, quotes, braces, #, non-ASCII, a % that
   * starts no escape); keeps valid %XX escapes as the case wrote them.
   */
  static String encode(String s) {
    StringBuilder out = new StringBuilder();
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int u = bytes[i] & 0xff;
      boolean escape = u == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2]);
      if (u < 128 && URI_SAFE.indexOf(u) >= 0 && (u != '%' || escape)) {
        out.append((char) u);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(u >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(u & 15, 16)));
      }
    }
    return out.toString();
  }

  private static boolean isHex(byte b) {
    return Character.digit(b, 16) >= 0;
  }
}

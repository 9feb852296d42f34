package com.run402.local.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.run402.local.runtime.Engine;
import com.run402.local.runtime.auth.WalletPrincipal;
import com.run402.local.runtime.error.ApiException;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;

/** Request helpers shared by the route families. */
public final class Http {
  public static final int JSON_LIMIT = 1024 * 1024;
  public static final int SQL_LIMIT = 10 * 1024 * 1024;

  private final java.util.function.Supplier<Engine> engine;
  private final ObjectMapper json;

  /** The engine may still be starting when routes are wired; handlers read it per request. */
  Http(java.util.function.Supplier<Engine> engine, ObjectMapper json) {
    this.engine = engine;
    this.json = json;
  }

  public Engine engine() {
    return engine.get();
  }

  public ObjectMapper json() {
    return json;
  }

  /** The API base as the client addressed it ({@code http://host:port}), for URLs in responses. */
  public String apiBase(Context ctx) {
    String host = ctx.header("Host");
    return ctx.scheme() + "://" + (host == null || host.isBlank() ? "127.0.0.1" : host);
  }

  /** The request host without port, as SIWX's {@code domain} carries it. */
  public static String hostname(String hostHeader) {
    if (hostHeader == null) {
      return null;
    }
    String h = hostHeader.trim();
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end > 0 ? h.substring(0, end + 1) : h;
    }
    int colon = h.lastIndexOf(':');
    return colon > 0 && h.indexOf(':') == colon ? h.substring(0, colon) : h;
  }

  /** The verified SIWX wallet (401 when absent, 402 when invalid, as production). */
  public WalletPrincipal wallet(Context ctx) {
    return engine().siwx().verify(ctx.header("SIGN-IN-WITH-X"), hostname(ctx.header("Host")));
  }

  /** The body as text, refusing more than {@code limit} bytes with a 413. */
  public String text(Context ctx, int limit) {
    String len = ctx.header("Content-Length");
    if (len != null) {
      try {
        if (Long.parseLong(len.trim()) > limit) {
          throw tooLarge();
        }
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("invalid_request", "Invalid Content-Length header");
      }
    }
    byte[] bytes = ctx.bodyAsBytes();
    if (bytes.length > limit) {
      throw tooLarge();
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** An optional JSON body: null when empty; 400 when not JSON (production's body-parser message). */
  public JsonNode jsonBody(Context ctx) {
    String text = text(ctx, JSON_LIMIT);
    if (text.isBlank()) {
      return null;
    }
    try {
      JsonNode n = json.readTree(text);
      if (n == null || !(n.isObject() || n.isArray())) {
        throw ApiException.badRequest("invalid_json", "Invalid JSON in request body");
      }
      return n;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ApiException.badRequest("invalid_json", "Invalid JSON in request body");
    }
  }

  public void json(Context ctx, int status, Object body) {
    try {
      ctx.status(status).contentType("application/json").result(json.writeValueAsString(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ApiException tooLarge() {
    return new ApiException(413, "payload_too_large", "Request body too large");
  }
}

package com.run402.local.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.error.ApiException;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only place that turns exceptions into HTTP responses, in the production envelope
 * {@code {"error","message","code","retryable", ...}} (api-contract 1.1). Unexpected exceptions
 * become a 500 whose body never carries Java exception text.
 */
public final class ErrorMapper implements ErrorWriter {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

  private final ObjectMapper json;

  ErrorMapper(ObjectMapper json) {
    this.json = json;
  }

  void api(ApiException e, Context ctx) {
    e.headers().forEach(ctx::header);
    write(ctx, e.status(), e.error(), e.getMessage(), e.extra());
  }

  void unexpected(Exception e, Context ctx) {
    write(ctx, 500, "internal_error", unexpectedMessage(e, ctx.method().name(), ctx.path()), Map.of());
  }

  /** Logs an unexpected exception under a fresh id and returns the 500's message, which names only that id. */
  String unexpectedMessage(Exception e, String method, String path) {
    String id = "err_" + Long.toHexString(System.nanoTime());
    LOG.error("Unhandled error {} on {} {}", id, method, path, e);
    return "Internal server error (" + id + "); see the emulator log";
  }

  @Override
  public void write(Context ctx, int status, String error, String message, Map<String, Object> extra) {
    ctx.status(status).contentType("application/json").result(body(status, error, message, extra));
  }

  /** The envelope's JSON text. */
  String body(int status, String error, String message, Map<String, Object> extra) {
    ObjectNode body = json.createObjectNode();
    body.put("error", error);
    body.put("message", message);
    body.put("code", error.toUpperCase(Locale.ROOT));
    body.put("retryable", status == 429 || status == 503);
    extra.forEach((k, v) -> body.set(k, json.valueToTree(v)));
    return body.toString();
  }
}

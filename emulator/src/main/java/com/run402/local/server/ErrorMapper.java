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
    String id = "err_" + Long.toHexString(System.nanoTime());
    LOG.error("Unhandled error {} on {} {}", id, ctx.method(), ctx.path(), e);
    write(ctx, 500, "internal_error", "Internal server error (" + id + "); see the emulator log", Map.of());
  }

  @Override
  public void write(Context ctx, int status, String error, String message, Map<String, Object> extra) {
    ObjectNode body = json.createObjectNode();
    body.put("error", error);
    body.put("message", message);
    body.put("code", error.toUpperCase(Locale.ROOT));
    body.put("retryable", status == 429 || status == 503);
    extra.forEach((k, v) -> body.set(k, json.valueToTree(v)));
    ctx.status(status).contentType("application/json").result(body.toString());
  }
}

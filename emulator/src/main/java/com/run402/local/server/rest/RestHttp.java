package com.run402.local.server.rest;

import com.run402.local.runtime.rest.RestCall;
import com.run402.local.runtime.rest.RestResult;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Translates between Javalin and the framework-free REST engine. */
public final class RestHttp {
  private RestHttp() {}

  /**
   * The request as a {@link RestCall}; {@code mount} is the path prefix the engine is mounted
   * under (e.g. {@code /rest/v1}), stripped from the raw (still percent-encoded) path.
   */
  public static RestCall toCall(Context ctx, String mount) {
    String raw = ctx.req().getRequestURI();
    String path = raw.startsWith(mount) ? raw.substring(mount.length()) : raw;
    if (path.isEmpty()) {
      path = "/";
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : Collections.list(ctx.req().getHeaderNames())) {
      headers.put(name, new ArrayList<>(Collections.list(ctx.req().getHeaders(name))));
    }
    byte[] body = "GET".equals(ctx.method().name()) || "HEAD".equals(ctx.method().name())
        ? new byte[0] : ctx.bodyAsBytes();
    return new RestCall(ctx.method().name(), path, ctx.req().getQueryString(), headers, body);
  }

  /** Writes the engine's answer; HEAD gets the headers without the body. */
  public static void write(Context ctx, RestResult r) {
    ctx.status(r.status());
    String contentType = null;
    for (Map.Entry<String, String> h : r.headers().entrySet()) {
      if (h.getKey().equalsIgnoreCase("Content-Type")) {
        contentType = h.getValue();
      } else {
        ctx.header(h.getKey(), h.getValue());
      }
    }
    if (contentType != null) {
      exactContentType(ctx, contentType);
    } else {
      noContentType(ctx);
    }
    if (!"HEAD".equals(ctx.method().name()) && r.body().length > 0) {
      ctx.result(r.body());
    }
  }

  /**
   * Sets Content-Type byte for byte: the servlet API would re-render {@code application/json;
   * charset=utf-8} without the space, and PostgREST clients (and its spec) see the original.
   */
  /** PostgREST sends no Content-Type with an empty body; the servlet default would add text/plain. */
  private static void noContentType(Context ctx) {
    ctx.res().setContentType(null);
    if (ctx.res() instanceof org.eclipse.jetty.ee10.servlet.ServletApiResponse api) {
      org.eclipse.jetty.server.Response.getOriginalResponse(api.getResponse()).getHeaders().remove("Content-Type");
    }
  }

  private static void exactContentType(Context ctx, String value) {
    ctx.contentType(value);
    if (ctx.res() instanceof org.eclipse.jetty.ee10.servlet.ServletApiResponse api) {
      org.eclipse.jetty.server.Response core = org.eclipse.jetty.server.Response.getOriginalResponse(api.getResponse());
      core.getHeaders().put("Content-Type", value);
    }
  }
}

package com.run402.local.server.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.Engine;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.functions.DeployRequest;
import com.run402.local.runtime.functions.FunctionDef;
import com.run402.local.runtime.functions.FunctionViews;
import com.run402.local.runtime.functions.Invocation;
import com.run402.local.runtime.functions.Limits;
import com.run402.local.runtime.projects.ApikeyAuth;
import com.run402.local.runtime.projects.Project;
import com.run402.local.server.Http;
import com.run402.local.server.Routes;
import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Functions (api-contract 2.3, legacy-gateway 1.5 / 6): the admin routes under {@code /projects/v1/admin/:id/functions}
 * (legacy inline deploy, list, update, delete, logs, manual trigger) and invocation on {@code /functions/v1/:name}.
 */
public final class FunctionRoutes {
  private static final String PROOF = "FunctionRoutesIT";
  private static final String ADMIN = "/projects/v1/admin/:id/functions";
  private static final Set<String> HOP = Set.of("connection", "keep-alive", "transfer-encoding", "content-length",
      "te", "trailer", "upgrade", "date", "server");
  private final Http http;
  private final FunctionViews views;

  public FunctionRoutes(Http http) {
    this.http = http;
    this.views = new FunctionViews(http.json());
  }

  public void register(Routes r) {
    r.add("POST", ADMIN, PROOF, this::deploy);
    r.add("GET", ADMIN, PROOF, ctx -> {
      Project p = service(ctx);
      ObjectNode out = http.json().createObjectNode();
      ArrayNode list = out.putArray("functions");
      engine().functions().list(p.id()).forEach(f -> list.add(views.listed(f, http.apiBase(ctx))));
      http.json(ctx, 200, out);
    });
    r.add("PATCH", ADMIN + "/:name", PROOF, this::update);
    r.add("DELETE", ADMIN + "/:name", PROOF, ctx -> {
      Project p = service(ctx);
      engine().leases().requireWritable(p);
      engine().functions().delete(p.id(), ctx.pathParam("name"));
      http.json(ctx, 200, http.json().createObjectNode().put("status", "deleted").put("name", ctx.pathParam("name")));
    });
    r.add("GET", ADMIN + "/:name/logs", PROOF, this::logs);
    r.add("POST", ADMIN + "/:name/trigger", PROOF, this::trigger);
    r.any("/functions/v1/:name", PROOF, this::invoke);
    r.any("/functions/v1/:name/:path*", PROOF, this::invoke);
  }

  private void deploy(Context ctx) {
    Project p = service(ctx);
    engine().leases().requireWritable(p);
    JsonNode body = http.jsonBody(ctx);
    if (!body.path("name").isTextual()) {
      throw ApiException.badRequest("invalid_request", "Missing or invalid 'name' field");
    }
    if (!body.path("code").isTextual()) {
      throw ApiException.badRequest("invalid_request", "Missing or invalid 'code' field");
    }
    List<String> deps = new ArrayList<>();
    if (body.has("deps") && !body.get("deps").isNull()) {
      if (!body.get("deps").isArray()) {
        throw ApiException.badRequest("invalid_request", "'deps' must be an array of package names");
      }
      for (JsonNode d : body.get("deps")) {
        if (!d.isTextual()) {
          throw ApiException.badRequest("invalid_request", "'deps' must be an array of package names");
        }
        deps.add(d.asText());
      }
    }
    JsonNode sched = body.get("schedule");
    if (sched != null && !sched.isNull() && !sched.isTextual()) {
      throw ApiException.badRequest("invalid_request", "'schedule' must be a cron expression string");
    }
    JsonNode cfg = body.path("config");
    FunctionDef f = engine().functions().deploy(p, new DeployRequest(body.get("name").asText(),
        body.get("code").asText(), intOrNull(cfg, "timeout"), intOrNull(cfg, "memory"), deps, sched != null,
        sched == null || sched.isNull() ? null : sched.asText()));
    http.json(ctx, 201, views.deployed(f, http.apiBase(ctx)));
  }

  private void update(Context ctx) {
    Project p = service(ctx);
    engine().leases().requireWritable(p);
    JsonNode body = http.jsonBody(ctx);
    if (!body.isObject()) {
      throw ApiException.badRequest("invalid_request", "Body must be a JSON object");
    }
    JsonNode sched = body.get("schedule");
    if (sched != null && !sched.isNull() && !sched.isTextual()) {
      throw ApiException.badRequest("invalid_request", "'schedule' must be a cron expression string");
    }
    JsonNode cfg = body.path("config");
    if (body.has("config") && !cfg.isObject()) {
      throw ApiException.badRequest("invalid_request", "'config' must be an object");
    }
    FunctionDef f = engine().functions().update(p, ctx.pathParam("name"), intOrNull(cfg, "timeout"),
        intOrNull(cfg, "memory"), sched != null, sched == null || sched.isNull() ? null : sched.asText());
    http.json(ctx, 200, views.updated(f));
  }

  private void logs(Context ctx) {
    Project p = service(ctx);
    int tail = 50;
    String t = ctx.queryParam("tail");
    if (t != null) {
      try {
        tail = Integer.parseInt(t);
      } catch (NumberFormatException e) {
        tail = -1;
      }
      if (tail < 1 || tail > 1000) {
        throw ApiException.badRequest("invalid_request", "Invalid tail: must be a positive integer up to 1000");
      }
    }
    long since = 0;
    String s = ctx.queryParam("since");
    if (s != null && !s.isEmpty()) {
      try {
        since = Long.parseLong(s);
      } catch (NumberFormatException e) {
        try {
          since = java.time.Instant.parse(s).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e2) {
          throw ApiException.badRequest("invalid_request", "Invalid since: must be epoch milliseconds or an ISO time");
        }
      }
    }
    http.json(ctx, 200, views.logs(engine().functions().logs(p.id(), ctx.pathParam("name"), tail, since,
        ctx.queryParam("request_id"))));
  }

  /** Legacy manual trigger: {@code {status, body}} of a POST with {@code x-run402-trigger: manual}. */
  private void trigger(Context ctx) throws Exception {
    Project p = service(ctx);
    String name = ctx.pathParam("name");
    byte[] body = ("{\"trigger\":\"manual\",\"scheduled_at\":\"" + engine().clock().instant() + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    Invocation.Result res = engine().functions().invoke(p, name, new Invocation("POST", "/functions/v1/" + name, "",
        List.of(Map.entry("content-type", "application/json"), Map.entry("x-run402-trigger", "manual")),
        new ByteArrayInputStream(body)));
    String text;
    try (var in = res.body()) {
      text = new String(in.readNBytes(6 * 1024 * 1024), StandardCharsets.UTF_8);
    }
    http.json(ctx, 200, http.json().createObjectNode().put("status", res.status()).put("body", text));
  }

  private void invoke(Context ctx) {
    String sub = ctx.pathParamMap().getOrDefault("path", "");
    if (ctx.pathParam("name").equals("runs") || sub.equals("runs") || (sub.equals("logs") && ctx.method().name().equals("GET"))) {
      // Production's newer function-runs and logs routes share this prefix; they are not emulated yet.
      throw new ApiException(501, "not_emulated", ctx.path() + " (function runs) is not emulated by run402-local yet");
    }
    ApikeyAuth.Caller caller = engine().restAccess().apikey(ctx.header("apikey"));
    Project p = caller.project();
    engine().rateLimiter().acquire(p.id());
    engine().usage().countCall(p.id());
    engine().budget().check(p);
    if (ctx.req().getContentLengthLong() > Limits.MAX_REQUEST_BODY) {
      throw Limits.requestTooLarge(); // before reading any of it; a chunked body is counted as it goes
    }
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (String name : java.util.Collections.list(ctx.req().getHeaderNames())) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.startsWith("x-run402-") || HOP.contains(lower) || lower.equals("host")) {
        continue; // production strips inbound x-run402-* so callers cannot forge the runtime's own headers
      }
      for (String v : java.util.Collections.list(ctx.req().getHeaders(name))) {
        headers.add(Map.entry(name, v));
      }
    }
    String path = ctx.path();
    Invocation.Result res = engine().functions().invoke(p, ctx.pathParam("name"), new Invocation(ctx.method().name(),
        path, ctx.queryString(), headers, ctx.req().getContentLengthLong() == 0 ? null : bodyStream(ctx)));
    ctx.status(res.status());
    res.headers().forEach((k, vs) -> {
      String lower = k.toLowerCase(Locale.ROOT);
      if (lower.equals("content-type")) {
        ctx.contentType(vs.get(0)); // Javalin would otherwise put its default content type next to it
      } else if (!HOP.contains(lower) && !k.startsWith(":")) {
        vs.forEach(v -> ctx.res().addHeader(k, v));
      }
    });
    ctx.header("X-Run402-Request-Id", res.requestId());
    if (res.complete() != null) {
      ctx.result(res.complete());
    } else {
      stream(ctx, res.body());
    }
  }

  /** Copies a streamed answer, flushing whenever the function has nothing more ready, so chunks reach the caller. */
  private static void stream(Context ctx, InputStream body) {
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = body) {
      OutputStream out = ctx.res().getOutputStream();
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        out.write(buf, 0, n);
        if (in.available() == 0) {
          out.flush();
        }
      }
    } catch (IOException e) {
      // The caller went away, or the function's stream failed (its log says why): the head is out, so the only
      // honest signal left is an aborted connection rather than a cleanly ended, silently short body.
      ServletContextRequest r = ServletContextRequest.getServletContextRequest(ctx.req());
      if (r != null) {
        r.getServletChannel().abort(e);
      }
    }
  }

  private static java.io.InputStream bodyStream(Context ctx) {
    try {
      return ctx.req().getInputStream();
    } catch (java.io.IOException e) {
      throw ApiException.badRequest("invalid_request", "Cannot read the request body: " + e.getMessage());
    }
  }

  private Project service(Context ctx) {
    return engine().projectAuth().requireServiceKey(ctx.header("Authorization"), ctx.pathParam("id"));
  }

  private Engine engine() {
    return http.engine();
  }

  private static Integer intOrNull(JsonNode cfg, String field) {
    JsonNode n = cfg.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isIntegralNumber()) {
      throw ApiException.badRequest("invalid_request", "'config." + field + "' must be an integer");
    }
    return n.asInt();
  }
}

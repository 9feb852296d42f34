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
import com.run402.local.runtime.projects.Project;
import com.run402.local.server.Http;
import com.run402.local.server.Routes;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Functions (api-contract 2.3, legacy-gateway 1.5 / 6): the admin routes under {@code /projects/v1/admin/:id/functions}
 * (legacy inline deploy, list, update, delete, logs, manual trigger); invocation on {@code /functions/v1/:name} is
 * {@link com.run402.local.server.FunctionInvokeHandler}, ahead of Javalin.
 */
public final class FunctionRoutes {
  private static final String PROOF = "FunctionRoutesIT";
  private static final String ADMIN = "/projects/v1/admin/:id/functions";
  private static final String REBUILD_PROOF = "FunctionRoutesIT, functions-acceptance.test.mjs";
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
      engine().functions().list(p.id()).forEach(f -> list.add(views.listed(f, http.apiBase(ctx),
          engine().functions().currentBuild())));
      http.json(ctx, 200, out);
    });
    r.add("GET", "/functions/v1", PROOF, ctx -> {
      String wallet = http.wallet(ctx).address();
      ObjectNode out = http.json().createObjectNode();
      ArrayNode list = out.putArray("functions");
      engine().functions().listForWallet(wallet).forEach(f -> list.add(views.walletListed(f, http.apiBase(ctx))));
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
    // Rebuild (api-contract 2.3): wallet-authed on the owned project, allowed while the lease is in grace.
    r.add("POST", "/projects/v1/:id/functions/:name/rebuild", REBUILD_PROOF, ctx -> {
      Project p = engine().projects().owned(http.wallet(ctx), ctx.pathParam("id"));
      http.json(ctx, 200, views.rebuilt(engine().functions().rebuild(p.id(), ctx.pathParam("name"))));
    });
    r.add("POST", "/projects/v1/:id/functions/rebuild", REBUILD_PROOF, this::rebuildAll);
    r.add("POST", ADMIN + "/:name/trigger", PROOF, this::trigger);
    // Invocation is served ahead of Javalin (FunctionInvokeHandler); listed here for the parity report.
    r.servedAhead("ANY", "/functions/v1/:name", PROOF);
    r.servedAhead("ANY", "/functions/v1/:name/:path*", PROOF);
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

  /** Every function of the project, each on its own: a failure is reported in its entry, never aborts the batch. */
  private void rebuildAll(Context ctx) {
    Project p = engine().projects().owned(http.wallet(ctx), ctx.pathParam("id"));
    ObjectNode out = http.json().createObjectNode();
    ArrayNode results = http.json().createArrayNode();
    int rebuilt = 0;
    List<FunctionDef> all = engine().functions().list(p.id());
    for (FunctionDef f : all) {
      try {
        results.add(views.rebuilt(engine().functions().rebuild(p.id(), f.name())));
        rebuilt++;
      } catch (ApiException e) {
        results.addObject().put("name", f.name()).put("rebuilt", false).put("code", e.error())
            .put("error", e.getMessage());
      } catch (RuntimeException e) { // esbuild that cannot run, a module that cannot be written: still this entry's
        results.addObject().put("name", f.name()).put("rebuilt", false).put("code", "rebuild_failed")
            .put("error", String.valueOf(e.getMessage()));
      }
    }
    out.put("rebuilt_count", rebuilt);
    out.put("total", all.size());
    out.set("results", results);
    http.json(ctx, 200, out);
  }

  private void logs(Context ctx) {
    Project p = service(ctx);
    http.json(ctx, 200, views.logs(engine().functions().logs(p.id(), ctx.pathParam("name"), tail(ctx), since(ctx),
        ctx.queryParam("request_id"))));
  }

  /** {@code ?tail=} of the log routes: 1..1000, default 50. */
  static int tail(Context ctx) {
    String t = ctx.queryParam("tail");
    if (t == null) {
      return 50;
    }
    int tail;
    try {
      tail = Integer.parseInt(t);
    } catch (NumberFormatException e) {
      tail = -1;
    }
    if (tail < 1 || tail > 1000) {
      throw ApiException.badRequest("invalid_request", "Invalid tail: must be a positive integer up to 1000");
    }
    return tail;
  }

  /** {@code ?since=} of the log routes: epoch milliseconds (what the SDK sends) or an ISO time; 0 when absent. */
  static long since(Context ctx) {
    String s = ctx.queryParam("since");
    if (s == null || s.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      try {
        return java.time.Instant.parse(s).toEpochMilli();
      } catch (java.time.format.DateTimeParseException e2) {
        throw ApiException.badRequest("invalid_request", "Invalid since: must be epoch milliseconds or an ISO time");
      }
    }
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

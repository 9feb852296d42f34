package com.run402.local.server.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.runtime.apply.ApplyService;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.projects.Project;
import com.run402.local.runtime.sites.SiteUrls;
import com.run402.local.server.Http;
import com.run402.local.server.Routes;
import io.javalin.http.Context;
import java.net.URI;
import java.util.function.Supplier;

/**
 * Unified apply (api-contract 2.2), Cloud dialect: plans, content plans with presigned part URLs on
 * the S3 endpoint, commit, operations, events and releases. Writers (DEF) are the owning wallet
 * (SIWX) or the service key; readers (AK+DEF) are identified by the project's apikey.
 */
public final class ApplyRoutes {
  private static final String PROOF = "ApplyRoutesIT, NodeAcceptanceIT";
  private static final int PLAN_LIMIT = 6 * 1024 * 1024;

  private final Http http;
  private final Supplier<URI> s3Base;

  public ApplyRoutes(Http http, Supplier<URI> s3Base) {
    this.http = http;
    this.s3Base = s3Base;
  }

  private ApplyService apply() {
    return http.engine().apply();
  }

  public void register(Routes r) {
    r.partial("POST", "/apply/v1/plans", PROOF, "Cloud dialect; manifest_ref and assets.sync answer 501", ctx -> {
      JsonNode body = json(ctx, PLAN_LIMIT);
      Project p = writer(ctx, ApplyService.specProject(body));
      boolean dry = "true".equals(ctx.queryParam("dry_run"));
      http.json(ctx, 200, apply().plan(p, body, dry, http.apiBase(ctx)));
    });
    r.add("POST", "/apply/v1/plans/:plan_id/commit", PROOF, ctx -> {
      String planId = ctx.pathParam("plan_id");
      Project p = writer(ctx, apply().planProject(planId));
      http.json(ctx, 200, apply().commit(p, planId, urls(ctx)));
    });
    r.add("POST", "/content/v1/plans", PROOF, ctx -> {
      JsonNode body = json(ctx, PLAN_LIMIT);
      Project p = reader(ctx, body == null ? null : body.path("project_id").asText(null));
      http.engine().leases().requireWritable(p);
      String key = http.engine().projects().serviceKey(p.id()).orElseThrow();
      http.json(ctx, 200, apply().contentPlan(p, key, body, s3Base.get()));
    });
    r.add("POST", "/content/v1/plans/:plan_id/commit", PROOF, ctx -> {
      Project p = reader(ctx, null);
      http.json(ctx, 200, apply().contentCommit(p, ctx.pathParam("plan_id")));
    });
    r.add("GET", "/apply/v1/operations/:op_id", PROOF, ctx -> {
      Project p = reader(ctx, apply().operationProject(ctx.pathParam("op_id")));
      http.json(ctx, 200, apply().operation(p, ctx.pathParam("op_id"), urls(ctx)));
    });
    r.add("GET", "/apply/v1/operations/:op_id/events", PROOF, ctx -> {
      Project p = reader(ctx, apply().operationProject(ctx.pathParam("op_id")));
      http.json(ctx, 200, apply().events(p, ctx.pathParam("op_id"), intParam(ctx, "limit", 100, 1000),
          longParam(ctx, "cursor")));
    });
    r.add("GET", "/apply/v1/operations", PROOF, ctx -> {
      Project p = reader(ctx, ctx.queryParam("project_id"));
      http.json(ctx, 200, apply().operations(p, intParam(ctx, "limit", 20, 200), ctx.queryParam("cursor"), urls(ctx)));
    });
    r.add("GET", "/apply/v1/releases/active", PROOF, ctx -> {
      Project p = reader(ctx, ctx.queryParam("project_id"));
      http.json(ctx, 200, apply().activeRelease(p, intParam(ctx, "site_limit", 1000, 100_000)));
    });
    r.add("GET", "/apply/v1/releases/diff", PROOF, ctx -> {
      Project p = reader(ctx, ctx.queryParam("project_id"));
      http.json(ctx, 200, apply().diff(p, ctx.queryParam("from"), ctx.queryParam("to"),
          intParam(ctx, "limit", 1000, 100_000)));
    });
    r.add("GET", "/apply/v1/releases/:release_id", PROOF, ctx -> {
      Project p = reader(ctx, ctx.queryParam("project_id"));
      http.json(ctx, 200, apply().release(p, ctx.pathParam("release_id"), intParam(ctx, "site_limit", 1000, 100_000)));
    });
  }

  private SiteUrls urls(Context ctx) {
    return SiteUrls.of(http.apiBase(ctx));
  }

  /** DEF: the owning wallet (SIWX) or the project's service key; expired leases are read-only. */
  private Project writer(Context ctx, String projectId) {
    Project p;
    if (ctx.header("SIGN-IN-WITH-X") != null) {
      p = http.engine().projects().owned(http.wallet(ctx), projectId);
    } else if (ctx.header("Authorization") != null) {
      p = http.engine().projectAuth().requireServiceKey(ctx.header("Authorization"), projectId);
    } else {
      throw ApiException.unauthorized("unauthorized", "Sign the request with SIGN-IN-WITH-X (the project's wallet) "
          + "or send Authorization: Bearer <service_key>");
    }
    http.engine().leases().requireWritable(p);
    return p;
  }

  /** AK+DEF: the apikey names the project; without one, the owning wallet or service key. */
  private Project reader(Context ctx, String expected) {
    String apikey = ctx.header("apikey");
    if (apikey != null) {
      Project p = apikeyProject(apikey);
      if (expected != null && !expected.equals(p.id())) {
        throw ApiException.forbidden("forbidden", "The apikey belongs to another project");
      }
      return p;
    }
    if (expected == null) {
      throw ApiException.unauthorized("unauthorized", "Missing apikey header");
    }
    if (ctx.header("SIGN-IN-WITH-X") != null) {
      return http.engine().projects().owned(http.wallet(ctx), expected);
    }
    return http.engine().projectAuth().requireServiceKey(ctx.header("Authorization"), expected);
  }

  private Project apikeyProject(String apikey) {
    return new com.run402.local.runtime.projects.ApikeyAuth(http.engine().projects(), http.engine().tokens(),
        http.engine().leases()::serving).require(apikey).project();
  }

  private JsonNode json(Context ctx, int limit) {
    String text = http.text(ctx, limit);
    try {
      JsonNode n = text.isBlank() ? null : http.json().readTree(text);
      if (n == null || !n.isObject()) {
        throw ApiException.badRequest("invalid_json", "Requires a JSON object body");
      }
      return n;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ApiException.badRequest("invalid_json", "Invalid JSON in request body");
    }
  }

  static int intParam(Context ctx, String name, int dflt, int max) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < 1 || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid_request", name + " must be an integer from 1 to " + max);
    }
  }

  private static long longParam(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return 0;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid_request", name + " must be the numeric id of the last event seen");
    }
  }
}

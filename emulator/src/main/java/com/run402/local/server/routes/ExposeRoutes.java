package com.run402.local.server.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.expose.ExposeService;
import com.run402.local.runtime.projects.Project;
import com.run402.local.server.Http;
import com.run402.local.server.Routes;
import io.javalin.http.Context;

/**
 * The expose manifest (api-contract 2.1) and the legacy RLS templates (legacy-gateway 1.4): both
 * decide which tables anon and signed-in users reach, over one model. Every change refreshes the
 * schema cache before answering, so the next REST call sees it.
 */
public final class ExposeRoutes {
  private static final String PROOF = "ExposeRoutesIT, ExposeConvergenceIT, ExposeValidateIT, NodeAcceptanceIT";

  private final Http http;

  public ExposeRoutes(Http http) {
    this.http = http;
  }

  private ExposeService expose() {
    return http.engine().expose();
  }

  public void register(Routes r) {
    r.add("POST", "/projects/v1/admin/:id/expose", PROOF, ctx -> {
      Project p = project(ctx);
      http.engine().leases().requireWritable(p);
      JsonNode body = body(ctx);
      try {
        http.json(ctx, 200, expose().apply(p, body));
      } finally {
        http.engine().schemaChanged(p.id());
      }
    });
    r.add("GET", "/projects/v1/admin/:id/expose", PROOF, ctx -> http.json(ctx, 200, expose().get(project(ctx))));
    r.add("POST", "/projects/v1/admin/:id/expose/validate", PROOF, ctx -> {
      Project p = project(ctx);
      http.json(ctx, 200, expose().validate(p, body(ctx)));
    });
    r.partial("POST", "/projects/v1/expose/validate", PROOF,
        "checks shape and consistency only; migration_sql is not executed (validation-inconclusive warning)", ctx -> {
          http.wallet(ctx);
          http.json(ctx, 200, expose().validate(body(ctx)));
        });
    r.add("POST", "/projects/v1/admin/:id/rls", "LegacyRlsIT, ExposeConvergenceIT", ctx -> {
      Project p = project(ctx);
      http.engine().leases().requireWritable(p);
      JsonNode body = http.jsonBody(ctx);
      try {
        http.json(ctx, 200, expose().legacyRls(p, body));
      } finally {
        http.engine().schemaChanged(p.id());
      }
    });
  }

  private Project project(Context ctx) {
    return http.engine().projectAuth().requireServiceKey(ctx.header("Authorization"), ctx.pathParam("id"));
  }

  private JsonNode body(Context ctx) {
    JsonNode body = http.jsonBody(ctx);
    if (body == null) {
      throw ApiException.badRequest("invalid_request", "Requires a JSON body");
    }
    return body;
  }
}

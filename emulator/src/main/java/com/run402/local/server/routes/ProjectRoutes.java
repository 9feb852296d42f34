package com.run402.local.server.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.runtime.auth.WalletPrincipal;
import com.run402.local.runtime.projects.Project;
import com.run402.local.runtime.projects.ProjectService;
import com.run402.local.server.Http;
import com.run402.local.server.Routes;

/** {@code /projects/v1}: provision, list, get, rename (wallet/SIWX) and delete (service key). */
public final class ProjectRoutes {
  private final Http http;

  public ProjectRoutes(Http http) {
    this.http = http;
  }

  private ProjectService projects() {
    return http.engine().projects();
  }

  public void register(Routes r) {
    r.partial("POST", "/projects/v1", "ProjectRoutesIT, sdk-acceptance.test.mjs",
        "no x402: a wallet without a tier gets the free prototype lease (payments come with the x402 issue); "
            + "org_id answers 501", ctx -> {
          WalletPrincipal w = http.wallet(ctx);
          JsonNode body = http.jsonBody(ctx);
          ProjectService.Provisioned p = projects().provision(w, body, ctx.header("Idempotency-Key"), http.apiBase(ctx));
          http.json(ctx, p.status(), p.body());
        });
    r.partial("GET", "/projects/v1", "ProjectRoutesIT, sdk-acceptance.test.mjs",
        "the wallet's own projects; org_id filtering is not emulated", ctx -> {
          WalletPrincipal w = http.wallet(ctx);
          http.json(ctx, 200, projects().list(w, ctx.queryParam("limit"), ctx.queryParam("after"), http.apiBase(ctx)));
        });
    r.add("GET", "/projects/v1/:id", "ProjectRoutesIT, sdk-acceptance.test.mjs", ctx -> {
      WalletPrincipal w = http.wallet(ctx);
      Project p = projects().owned(w, ctx.pathParam("id"));
      http.json(ctx, 200, projects().views().detail(p, http.apiBase(ctx)));
    });
    r.add("PATCH", "/projects/v1/:id", "ProjectRoutesIT, sdk-acceptance.test.mjs", ctx -> {
      WalletPrincipal w = http.wallet(ctx);
      http.json(ctx, 200, projects().rename(w, ctx.pathParam("id"), http.jsonBody(ctx)));
    });
    r.add("DELETE", "/projects/v1/:id", "ProjectRoutesIT, sdk-acceptance.test.mjs", ctx -> {
      Project p = http.engine().projectAuth().requireServiceKey(ctx.header("Authorization"), ctx.pathParam("id"));
      var out = projects().delete(p);
      http.engine().projectDeleted(p.id()); // after the drop, so nothing re-caches the old schema
      http.json(ctx, 200, out);
    });
  }
}

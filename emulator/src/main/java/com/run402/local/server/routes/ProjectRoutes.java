package com.run402.local.server.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.runtime.auth.WalletPrincipal;
import com.run402.local.runtime.projects.Project;
import com.run402.local.runtime.projects.ProjectService;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.chain.BaseSepolia;
import com.run402.local.runtime.tiers.Tier;
import com.run402.local.runtime.tiers.TierService;
import com.run402.local.runtime.x402.PaymentFailure;
import com.run402.local.runtime.x402.PaymentRequirement;
import com.run402.local.runtime.x402.Payments;
import com.run402.local.server.Http;
import com.run402.local.server.Paid;
import io.javalin.http.Context;
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

  /**
   * A wallet with an active tier provisions for free; one without pays the prototype price, which
   * subscribes it in the same transaction (the seed documents: x402 on provision).
   */
  private void provision(Context ctx) {
    WalletPrincipal w = http.wallet(ctx);
    JsonNode body = http.jsonBody(ctx);
    Payments payments = http.engine().x402().payments();
    TierService tiers = http.engine().x402().tiers();
    ProjectService.PaidStep paid = null;
    PaymentRequirement req = payments.requirement(Tier.PROTOTYPE.priceUsdMicros());
    try {
      if (tiers.activeLease(w.address()) == null) {
        Payments.Pass pass = payments.check(Paid.header(ctx), req);
        paid = c -> tiers.subscribeForProvision(c, w.address(), w.checksumAddress(), pass, "POST /projects/v1");
      }
      ProjectService.Provisioned p = projects().provision(w, body, ctx.header("Idempotency-Key"), http.apiBase(ctx),
          paid);
      Paid.settled(http, ctx, p.settlement());
      http.json(ctx, p.status(), p.body());
    } catch (PaymentFailure f) {
      ObjectNode context = tiers.challengeContext(Tier.PROTOTYPE, w.address());
      context.put("message", "Wallet " + w.address() + " has no active tier: provisioning subscribes it to "
          + "'prototype' for " + BaseSepolia.usd(req.amount()) + " USDC (x402).");
      throw Paid.challenge(http, ctx, req, f, context, "Provision a project (subscribes the wallet to prototype)");
    }
  }

  public void register(Routes r) {
    r.partial("POST", "/projects/v1", "ProjectRoutesIT, X402RoutesIT, sdk-acceptance.test.mjs, x402-acceptance.test.mjs",
        "a wallet without an active tier pays the prototype price by x402 (mock chain) and is subscribed to it; "
            + "org_id answers 501", this::provision);
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

package com.run402.local.server.routes;

import com.run402.local.runtime.auth.WalletPrincipal;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.tiers.Billing;
import com.run402.local.server.Http;
import com.run402.local.server.Routes;
import io.javalin.http.Context;

/** Billing reads: {@code /orgs/v1/lookup}, {@code /orgs/v1/:org_id/billing[/history]}, legacy {@code /billing/v1/accounts}. */
public final class BillingRoutes {
  private static final String NOTE = "a wallet's balance is its USDC on the mock chain and its history its x402 "
      + "payments; no Stripe credits, email packs or auto-recharge";
  private final Http http;

  public BillingRoutes(Http http) {
    this.http = http;
  }

  public void register(Routes r) {
    r.partial("GET", "/orgs/v1/lookup", "X402RoutesIT", NOTE + "; lookup by email is not emulated", ctx -> {
      WalletPrincipal w = http.wallet(ctx);
      if (ctx.queryParam("email") != null && ctx.queryParam("wallet") == null) {
        throw new ApiException(501, "not_emulated", "GET /orgs/v1/lookup?email= is not emulated by run402-local yet");
      }
      String wallet = ctx.queryParam("wallet") == null ? w.address() : Billing.wallet(ctx.queryParam("wallet"));
      mine(w, wallet);
      http.json(ctx, 200, http.engine().x402().billing().account(wallet));
    });
    r.partial("GET", "/orgs/v1/:org_id/billing", "X402RoutesIT", NOTE, ctx -> {
      WalletPrincipal w = http.wallet(ctx);
      http.json(ctx, 200, http.engine().x402().billing().account(mine(w, Billing.wallet(ctx.pathParam("org_id")))));
    });
    r.partial("GET", "/orgs/v1/:org_id/billing/history", "X402RoutesIT", NOTE + "; no cursor paging", ctx -> {
      WalletPrincipal w = http.wallet(ctx);
      String wallet = mine(w, Billing.wallet(ctx.pathParam("org_id")));
      http.json(ctx, 200, http.engine().x402().billing().history(wallet, ctx.queryParam("limit")));
    });
    r.partial("GET", "/billing/v1/accounts/:id", "X402RoutesIT", NOTE + "; wallet identifiers only",
        ctx -> http.json(ctx, 200, http.engine().x402().billing().account(Billing.wallet(ctx.pathParam("id")))));
    r.partial("GET", "/billing/v1/accounts/:id/history", "X402RoutesIT", NOTE + "; wallet identifiers only",
        ctx -> history(ctx, Billing.wallet(ctx.pathParam("id"))));
  }

  private void history(Context ctx, String wallet) {
    http.json(ctx, 200, http.engine().x402().billing().history(wallet, ctx.queryParam("limit")));
  }

  private static String mine(WalletPrincipal w, String wallet) {
    if (!w.address().equals(wallet)) {
      throw ApiException.forbidden("forbidden", "Organization of wallet " + wallet + " is not accessible to "
          + w.address());
    }
    return wallet;
  }
}

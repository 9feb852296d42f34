package com.run402.local.server.routes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.auth.WalletPrincipal;
import com.run402.local.runtime.chain.Addresses;
import com.run402.local.runtime.chain.BaseSepolia;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.tiers.Tier;
import com.run402.local.runtime.tiers.TierService;
import com.run402.local.runtime.x402.PaymentFailure;
import com.run402.local.runtime.x402.PaymentPayload;
import com.run402.local.runtime.x402.PaymentRequirement;
import com.run402.local.runtime.x402.Payments;
import com.run402.local.server.Http;
import com.run402.local.server.Paid;
import com.run402.local.server.Routes;
import io.javalin.http.Context;

/** {@code /tiers/v1}: quote, status and the x402-paid subscribe / renew / upgrade / downgrade. */
public final class TierRoutes {
  private final Http http;

  public TierRoutes(Http http) {
    this.http = http;
  }

  public void register(Routes r) {
    r.add("GET", "/tiers/v1", "X402RoutesIT", ctx -> http.json(ctx, 200, http.engine().x402().tiers().views().quote()));
    r.partial("GET", "/tiers/v1/status", "X402RoutesIT, x402-acceptance.test.mjs",
        "projects list, incoming transfers and advisories are not included", ctx -> {
          WalletPrincipal w = http.wallet(ctx);
          http.json(ctx, 200, http.engine().x402().tiers().status(w.address()));
        });
    r.add("GET", "/tiers/v1/:tier", "X402RoutesIT", ctx -> {
      Tier t = tier(ctx);
      ObjectNode n = http.json().createObjectNode();
      n.put("tier", t.wireName());
      n.put("price", "$" + BaseSepolia.usd(t.priceUsdMicros()));
      n.put("price_usd_micros", t.priceUsdMicros());
      n.put("network", BaseSepolia.NETWORK);
      n.set("accepts", http.json().createArrayNode().add(
          http.engine().x402().payments().requirement(t.priceUsdMicros()).toJson(http.json())));
      http.json(ctx, 200, n);
    });
    r.partial("POST", "/tiers/v1/:tier", "X402RoutesIT, x402-acceptance.test.mjs",
        "x402 on the mock chain only (no MPP, no allowance rail); no upgrade refund",
        this::set);
  }

  private void set(Context ctx) {
    Tier t = tier(ctx);
    TierService tiers = http.engine().x402().tiers();
    Payments payments = http.engine().x402().payments();
    WalletPrincipal w = ctx.header("SIGN-IN-WITH-X") == null ? null : http.wallet(ctx);
    PaymentRequirement req = payments.requirement(t.priceUsdMicros());
    String header = Paid.header(ctx);
    String route = "POST /tiers/v1/" + t.wireName();
    try {
      Payments.Pass pass = payments.check(header, req);
      String wallet = w != null ? w.address() : pass.payer();
      if (wallet == null) {
        throw ApiException.unauthorized("wallet_required", "Could not extract wallet from payment header");
      }
      TierService.Result res = tiers.set(wallet, w != null ? w.checksumAddress() : Addresses.checksum(wallet), t, pass,
          route, ctx.header("Idempotency-Key"));
      Paid.settled(http, ctx, res.settlement());
      http.json(ctx, res.status(), res.body());
    } catch (PaymentFailure f) {
      String who = w != null ? w.address() : payerOf(header);
      throw Paid.challenge(http, ctx, req, f, tiers.challengeContext(t, who), "Set the wallet's tier to " + t.wireName());
    }
  }

  private String payerOf(String header) {
    if (header == null) {
      return null;
    }
    try {
      return PaymentPayload.fromHeader(header, http.json()).authorization().from();
    } catch (PaymentFailure e) {
      return null;
    }
  }

  private static Tier tier(Context ctx) {
    String name = ctx.pathParam("tier");
    return Tier.parse(name).orElseThrow(() -> ApiException.badRequest("unknown_tier",
        "Unknown tier: " + name + ". Valid tiers: prototype, hobby, team"));
  }
}

package com.run402.local.server.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.auth.WalletPrincipal;
import com.run402.local.runtime.db.Jdbc;
import com.run402.local.runtime.tiers.Tier;
import com.run402.local.server.Http;
import com.run402.local.server.Routes;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Discovery and liveness routes of legacy-gateway 1.1: {@code /.well-known/x402}, {@code /openapi.json},
 * {@code /ping/v1} and {@code /public/stats}. What they advertise is this emulator: its own base URL, and only
 * the paid routes it serves (the tiers; image generation answers 501 here, so it is not offered).
 */
public final class DiscoveryRoutes {
  private static final String PAID_ONLY = "lists the tier routes only (/generate-image/v1 is not emulated), x402 "
      + "only (no MPP rail: mppResources is empty)";
  private final Http http;

  public DiscoveryRoutes(Http http) {
    this.http = http;
  }

  public void register(Routes r) {
    r.partial("GET", "/.well-known/x402", "DiscoveryRoutesIT", PAID_ONLY, ctx -> {
      String base = http.apiBase(ctx);
      ObjectNode body = http.json().createObjectNode();
      body.put("version", 1);
      body.put("description", "run402-local: the Run402 platform emulated on this machine (Postgres, REST, auth, "
          + "storage, functions), paid with x402 on a simulated Base Sepolia; no real funds");
      body.put("instructions", "POST " + base + "/tiers/v1/<tier> with an x402 payment (or SIGN-IN-WITH-X once "
          + "subscribed) to subscribe; GET " + base + "/tiers/v1 for prices and limits");
      ArrayNode resources = body.putArray("resources");
      for (Tier t : Tier.values()) {
        resources.add(base + "/tiers/v1/" + t.wireName());
      }
      body.putArray("mppResources"); // no MPP rail here (x402 on the mock chain only)
      http.json(ctx, 200, body);
    });
    r.partial("GET", "/openapi.json", "DiscoveryRoutesIT", PAID_ONLY, ctx -> {
      ctx.header("Cache-Control", "public, max-age=3600");
      http.json(ctx, 200, openApi(http.apiBase(ctx)));
    });
    r.add("GET", "/ping/v1", "DiscoveryRoutesIT", ctx -> {
      WalletPrincipal w = http.wallet(ctx);
      ObjectNode lease = http.engine().x402().tiers().activeLease(w.address());
      ObjectNode body = http.json().createObjectNode();
      body.put("status", "ok");
      body.put("wallet", w.address());
      body.put("tier", lease == null ? null : lease.path("tier").asText(null));
      body.put("timestamp", http.engine().clock().instant().toString()); // the emulator clock, as leases
      http.json(ctx, 200, body);
    });
    r.partial("GET", "/public/stats", "DiscoveryRoutesIT", "counts the wallets that subscribed, paid or own a "
        + "project; a SIWX sign-in alone is not recorded; counted on every call (production caches 60 s)",
        ctx -> {
          long wallets;
          try {
            wallets = Jdbc.query(http.engine().db().admin(), "SELECT count(*) FROM (SELECT address FROM "
                + "internal.wallets UNION SELECT wallet_address FROM internal.projects WHERE wallet_address IS NOT NULL) w",
                rs -> rs.getLong(1)).get(0);
          } catch (SQLException e) {
            wallets = 0; // production's answer when its count fails
          }
          ctx.header("Cache-Control", "public, max-age=60");
          http.json(ctx, 200, http.json().createObjectNode().put("wallets", wallets));
        });
  }

  /** The minimal OpenAPI 3.1 document of legacy-gateway 1.1: the paid tier routes, the quote and the health check. */
  private ObjectNode openApi(String base) {
    ObjectNode doc = http.json().createObjectNode();
    doc.put("openapi", "3.1.0");
    doc.putObject("info").put("title", "Run402 (run402-local)").put("version", "2.0.0");
    doc.putArray("servers").addObject().put("url", base);
    ObjectNode paths = doc.putObject("paths");
    for (Tier t : Tier.values()) {
      ObjectNode op = paths.putObject("/tiers/v1/" + t.wireName()).putObject("post");
      op.put("summary", "Subscribe to, renew or change to the " + t.wireName() + " tier");
      op.put("operationId", "setTier" + t.wireName().substring(0, 1).toUpperCase(Locale.ROOT)
          + t.wireName().substring(1));
      ObjectNode pay = op.putObject("x-payment-info");
      pay.putArray("protocols").add("x402"); // no MPP rail here
      pay.put("pricingMode", "fixed");
      pay.put("price", new BigDecimal(t.priceUsdMicros()).movePointLeft(6).setScale(2, RoundingMode.HALF_UP)
          .toPlainString());
      ObjectNode responses = op.putObject("responses");
      responses.putObject("200").put("description", "The wallet's tier and lease");
      responses.putObject("402").put("description", "Payment required (x402 challenge)");
    }
    paths.putObject("/tiers/v1").putObject("get").put("summary", "Tier prices and limits")
        .putObject("responses").putObject("200").put("description", "The quote");
    paths.putObject("/health").putObject("get").put("summary", "Health check")
        .putObject("responses").putObject("200").put("description", "Healthy");
    return doc;
  }
}

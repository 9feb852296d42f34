package com.run402.local.server.routes;

import com.run402.local.runtime.error.ApiException;
import com.run402.local.server.Http;
import com.run402.local.server.LocalServer;
import com.run402.local.server.Routes;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.function.Supplier;

/** The emulator's own controls under {@code /__local}, answered only to loopback clients. */
public final class LocalAdminRoutes {
  private final Http http;
  private final Supplier<LocalServer> server;

  public LocalAdminRoutes(Http http, Supplier<LocalServer> server) {
    this.http = http;
    this.server = server;
  }

  public void register(Routes r) {
    r.local("POST", "/__local/reset", ctx -> {
      loopbackOnly(ctx);
      http.engine().reset();
      http.json(ctx, 200, Map.of("status", "reset"));
    });
    r.local("GET", "/__local/parity", ctx -> {
      loopbackOnly(ctx);
      http.json(ctx, 200, server.get().parity().toJson(http.json()));
    });
    r.local("GET", "/__local/payments", ctx -> {
      loopbackOnly(ctx);
      String payer = ctx.queryParam("payer");
      if (payer != null && !com.run402.local.runtime.chain.Addresses.valid(payer)) {
        throw ApiException.badRequest("invalid_address", "payer must be an EVM address");
      }
      int limit = 100;
      if (ctx.queryParam("limit") != null) {
        try {
          limit = Integer.parseInt(ctx.queryParam("limit"));
        } catch (NumberFormatException e) {
          limit = -1;
        }
        if (limit < 1 || limit > 1000) {
          throw ApiException.badRequest("invalid_limit", "limit must be an integer from 1 to 1000");
        }
      }
      var rows = http.engine().x402().payments().ledger().list(payer == null ? null : payer.toLowerCase(java.util.Locale.ROOT),
          limit);
      var out = http.json().createObjectNode();
      out.put("mode", http.engine().x402().payments().options().mode());
      out.put("pay_to", http.engine().x402().payments().options().payTo());
      var arr = out.putArray("payments");
      rows.forEach(e -> arr.addObject().put("id", e.id()).put("payer", e.payer()).put("pay_to", e.payTo())
          .put("amount_usd_micros", e.amount()).put("route", e.route()).put("transaction", e.txHash())
          .put("network", e.network()).put("mode", e.mode()).put("time", e.time().toString()));
      http.json(ctx, 200, out);
    });
    r.local("GET", "/__local/info", ctx -> {
      loopbackOnly(ctx);
      http.json(ctx, 200, server.get().info());
    });
  }

  static void loopbackOnly(Context ctx) {
    try {
      if (!InetAddress.getByName(ctx.req().getRemoteAddr()).isLoopbackAddress()) {
        throw ApiException.forbidden("forbidden", "/__local is only served to loopback clients");
      }
    } catch (UnknownHostException e) {
      throw ApiException.forbidden("forbidden", "/__local is only served to loopback clients");
    }
  }
}

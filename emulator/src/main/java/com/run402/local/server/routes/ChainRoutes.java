package com.run402.local.server.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.server.Http;
import com.run402.local.server.Routes;
import io.javalin.http.Context;

/**
 * The mock chain's doors: the faucet ({@code POST /faucet/v1}), Ethereum JSON-RPC
 * ({@code /chain/rpc}) and the facilitator API ({@code /facilitator/*}) a third-party x402 server
 * can verify and settle through.
 */
public final class ChainRoutes {
  private final Http http;

  public ChainRoutes(Http http) {
    this.http = http;
  }

  public void register(Routes r) {
    r.add("POST", "/faucet/v1", "X402RoutesIT, x402-acceptance.test.mjs", ctx -> {
      JsonNode body = http.jsonBody(ctx);
      String address = body != null && body.path("address").isTextual() ? body.get("address").asText() : null;
      http.json(ctx, 200, http.engine().x402().faucet().drip(address, ctx.header("Idempotency-Key")));
    });
    r.local("POST", "/chain/rpc", this::rpc);
    r.local("POST", "/facilitator/verify", ctx -> http.json(ctx, 200, http.engine().x402().facilitator().verify(body(ctx))));
    r.local("POST", "/facilitator/settle", ctx -> http.json(ctx, 200, http.engine().x402().facilitator().settle(body(ctx))));
    r.local("GET", "/facilitator/supported", ctx -> http.json(ctx, 200, http.engine().x402().facilitator().supported()));
  }

  private JsonNode body(Context ctx) {
    JsonNode b = http.jsonBody(ctx);
    if (b == null || !b.isObject()) {
      throw ApiException.badRequest("invalid_payload", "Body must be {x402Version, paymentPayload, paymentRequirements}");
    }
    return b;
  }

  private void rpc(Context ctx) {
    String text = http.text(ctx, Http.JSON_LIMIT);
    JsonNode req;
    try {
      req = http.json().readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      req = null;
    }
    if (req == null || !(req.isObject() || req.isArray())) {
      ObjectNode err = http.json().createObjectNode().put("jsonrpc", "2.0");
      err.putNull("id");
      err.putObject("error").put("code", -32700).put("message", "Parse error: the body is not a JSON-RPC request");
      http.json(ctx, 200, err);
      return;
    }
    http.json(ctx, 200, http.engine().x402().rpc().handle(req));
  }
}

package com.run402.local.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.x402.PaymentChallenge;
import com.run402.local.runtime.x402.PaymentFailure;
import com.run402.local.runtime.x402.PaymentRequirement;
import com.run402.local.runtime.x402.Settlement;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** HTTP side of x402 on paid routes: which header carries the payment, the 402, PAYMENT-RESPONSE. */
public final class Paid {
  private Paid() {}

  /** PAYMENT-SIGNATURE (v2), then X-PAYMENT (v1), then X-402-PAYMENT, as the production gateway reads them. */
  public static String header(Context ctx) {
    for (String h : new String[] {"PAYMENT-SIGNATURE", "X-PAYMENT", "X-402-PAYMENT"}) {
      String v = ctx.header(h);
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  /** The 402 for a missing or refused payment; {@code context} adds route fields (its message wins for a missing one). */
  public static ApiException challenge(Http http, Context ctx, PaymentRequirement req, PaymentFailure f,
      ObjectNode context, String description) {
    Map<String, Object> extra = new LinkedHashMap<>();
    PaymentFailure shown = f;
    if (context != null) {
      context.fields().forEachRemaining(e -> {
        if (!e.getKey().equals("message")) {
          extra.put(e.getKey(), e.getValue());
        }
      });
      if (f.reason().equals("payment_required") && context.hasNonNull("message")) {
        shown = new PaymentFailure("payment_required", context.get("message").asText());
      }
    }
    return PaymentChallenge.exception(http.json(), http.apiBase(ctx) + ctx.path(), description, req, shown, extra);
  }

  /** Adds the settlement headers to a successful paid response. */
  public static void settled(Http http, Context ctx, Settlement s) {
    if (s == null) {
      return;
    }
    String value = s.header(http.json());
    ctx.header("PAYMENT-RESPONSE", value);
    ctx.header("X-PAYMENT-RESPONSE", value);
    ctx.header("X-Run402-Settlement-Rail", "x402");
    ctx.header("Access-Control-Expose-Headers", "PAYMENT-RESPONSE, X-PAYMENT-RESPONSE, X-Run402-Settlement-Rail");
  }
}

package com.run402.local.server;

import io.javalin.http.Context;

/**
 * Production's CORS (legacy-gateway 0.2): every response allows any origin, and any OPTIONS request
 * is answered 204 with an empty body. The allow-list also carries SIGN-IN-WITH-X and the x402
 * headers, which browser clients need and production's list omits.
 */
final class Cors {
  private Cors() {}

  /** The headers every API response carries, in order. */
  static final java.util.Map<String, String> HEADERS = headers();

  static void apply(Context ctx) {
    HEADERS.forEach(ctx::header);
    if ("OPTIONS".equals(ctx.method().name())) {
      ctx.status(204).result("");
      ctx.skipRemainingHandlers();
    }
  }

  private static java.util.Map<String, String> headers() {
    java.util.Map<String, String> h = new java.util.LinkedHashMap<>();
    h.put("Access-Control-Allow-Origin", "*");
    h.put("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
    h.put("Access-Control-Allow-Headers", "Content-Type, Authorization, apikey, Prefer, Accept-Profile, "
        + "Content-Profile, Idempotency-Key, Range, X-Wallet-Address, X-Run402-Wallet, X-Run402-Signature, "
        + "X-Run402-Timestamp, SIGN-IN-WITH-X, PAYMENT-SIGNATURE, X-PAYMENT, X-Client-Info");
    h.put("Access-Control-Expose-Headers", "X-Run402-Settlement-Rail, X-Run402-Allowance-Remaining, "
        + "X-Run402-Hint, WWW-Authenticate, Content-Range, PAYMENT-REQUIRED, PAYMENT-RESPONSE, X-Run402-Request-Id");
    return java.util.Collections.unmodifiableMap(h);
  }
}

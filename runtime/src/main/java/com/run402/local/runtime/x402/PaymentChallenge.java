package com.run402.local.runtime.x402;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.error.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The 402 of a paid route (api-contract 3.2): header PAYMENT-REQUIRED = base64 of the v2
 * PaymentRequired object; the JSON body carries the same object under {@code x402}, plus the
 * machine-readable {@code reason} when a payment was refused.
 */
public final class PaymentChallenge {
  private PaymentChallenge() {}

  public static ObjectNode paymentRequired(ObjectMapper json, String resourceUrl, String description,
      PaymentRequirement req, String error) {
    ObjectNode n = json.createObjectNode();
    n.put("x402Version", 2);
    if (error != null) {
      n.put("error", error);
    }
    n.putObject("resource").put("url", resourceUrl).put("description", description).put("mimeType", "application/json");
    n.putArray("accepts").add(req.toJson(json));
    return n;
  }

  /** The 402 to throw; {@code extra} adds route-specific body fields (tier, price, ...). */
  public static ApiException exception(ObjectMapper json, String resourceUrl, String description,
      PaymentRequirement req, PaymentFailure failure, Map<String, ?> extra) {
    boolean required = failure.reason().equals("payment_required");
    ObjectNode pr = paymentRequired(json, resourceUrl, description, req,
        required ? "Payment required" : failure.x402Reason());
    Map<String, Object> body = new LinkedHashMap<>(extra);
    if (!required) {
      body.put("reason", failure.reason());
      body.put("x402_reason", failure.x402Reason());
    }
    body.put("x402", pr);
    String header = Base64.getEncoder().encodeToString(pr.toString().getBytes(StandardCharsets.UTF_8));
    return new ApiException(402, required ? "payment_required" : failure.reason(), failure.getMessage(), body,
        Map.of("PAYMENT-REQUIRED", header, "Access-Control-Expose-Headers", "PAYMENT-REQUIRED, PAYMENT-RESPONSE"));
  }
}

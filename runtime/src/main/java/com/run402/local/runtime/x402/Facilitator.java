package com.run402.local.runtime.x402;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.chain.Addresses;
import com.run402.local.runtime.chain.BaseSepolia;
import com.run402.local.runtime.error.ApiException;

/**
 * The facilitator API (x402-reference 2.3) over the mock chain, so a third-party x402 server can
 * verify and settle locally: {@code {x402Version, paymentPayload, paymentRequirements}} in, the
 * reference response shapes out. v1 payloads and requirements ({@code maxAmountRequired}) are accepted.
 */
public final class Facilitator {
  private final Payments payments;
  private final ObjectMapper json;

  public Facilitator(Payments payments) {
    this.payments = payments;
    this.json = payments.json();
  }

  public ObjectNode verify(JsonNode body) {
    Parsed p = parse(body);
    ObjectNode out = json.createObjectNode();
    try {
      VerifiedPayment v = payments.verifier().verify(p.payload(), p.requirement());
      out.put("isValid", true);
      out.put("payer", v.payer());
    } catch (PaymentFailure f) {
      out.put("isValid", false);
      out.put("invalidReason", f.x402Reason());
      out.put("invalidMessage", f.getMessage());
      out.put("payer", p.payload().authorization().from());
    }
    return out;
  }

  public ObjectNode settle(JsonNode body) {
    Parsed p = parse(body);
    ObjectNode out = json.createObjectNode();
    try {
      Settlement s = payments.settleNow(p.payload(), p.requirement(), "facilitator");
      out.put("success", true);
      out.put("transaction", s.transaction());
      out.put("network", p.requirement().network());
      out.put("payer", s.payer());
      out.put("amount", Long.toString(s.amount()));
    } catch (PaymentFailure f) {
      out.put("success", false);
      out.put("errorReason", f.x402Reason());
      out.put("errorMessage", f.getMessage());
      out.put("payer", p.payload().authorization().from());
      out.put("transaction", "");
      out.put("network", p.requirement().network());
    }
    return out;
  }

  public ObjectNode supported() {
    ObjectNode out = json.createObjectNode();
    var kinds = out.putArray("kinds");
    kinds.addObject().put("x402Version", 2).put("scheme", "exact").put("network", BaseSepolia.NETWORK);
    kinds.addObject().put("x402Version", 1).put("scheme", "exact").put("network", BaseSepolia.V1_NETWORK);
    out.putArray("extensions");
    out.putObject("signers").putArray("eip155:*").add(payments.options().payTo());
    return out;
  }

  private record Parsed(PaymentPayload payload, PaymentRequirement requirement) {}

  private Parsed parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw bad("Body must be {x402Version, paymentPayload, paymentRequirements}");
    }
    PaymentPayload payload;
    try {
      payload = PaymentPayload.fromJson(body.get("paymentPayload"));
    } catch (PaymentFailure f) {
      throw bad(f.getMessage());
    }
    return new Parsed(payload, requirement(body.get("paymentRequirements")));
  }

  private PaymentRequirement requirement(JsonNode r) {
    if (r == null || !r.isObject()) {
      throw bad("paymentRequirements must be an object");
    }
    String amount = r.hasNonNull("amount") ? r.get("amount").asText() : r.path("maxAmountRequired").asText("");
    long value;
    try {
      value = Long.parseLong(amount);
    } catch (NumberFormatException e) {
      throw bad("paymentRequirements.amount must be a decimal string of USDC atomic units");
    }
    String payTo = r.path("payTo").asText("");
    if (!Addresses.valid(payTo) || value < 0) {
      throw bad("paymentRequirements.payTo must be an EVM address and amount not negative");
    }
    String network = r.path("network").asText("");
    String canonicalNetwork = BaseSepolia.V1_NETWORK.equals(network) ? BaseSepolia.NETWORK : network;
    JsonNode extra = r.path("extra");
    return new PaymentRequirement(r.path("scheme").asText(""), canonicalNetwork,
        r.path("asset").asText(BaseSepolia.USDC), value, payTo, r.path("maxTimeoutSeconds").asInt(300),
        extra.path("name").asText(BaseSepolia.USDC_NAME), extra.path("version").asText(BaseSepolia.USDC_VERSION));
  }

  private static ApiException bad(String message) {
    return ApiException.badRequest("invalid_payload", message);
  }
}

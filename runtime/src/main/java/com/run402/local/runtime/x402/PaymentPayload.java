package com.run402.local.runtime.x402;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.run402.local.runtime.chain.Addresses;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A decoded x402 payment: v2 ({@code {x402Version:2, accepted, payload}}, header PAYMENT-SIGNATURE)
 * or v1 ({@code {x402Version:1, scheme, network, payload}}, header X-PAYMENT). Anything malformed is a
 * {@link PaymentFailure} with reason {@code invalid_payload}.
 *
 * @param asset the token the payer chose (v2 {@code accepted.asset}); null in v1
 * @param amount the amount the payer accepted (v2 {@code accepted.amount}); null in v1
 */
public record PaymentPayload(int version, String scheme, String network, String asset, String amount,
    Authorization authorization, String signature) {
  private static final Pattern NONCE = Pattern.compile("^0x[0-9a-fA-F]{64}$");
  private static final Pattern SIGNATURE = Pattern.compile("^0x([0-9a-fA-F]{2})+$");
  private static final Pattern UINT = Pattern.compile("^[0-9]{1,78}$");

  /** From a header value: standard or URL-safe base64 of the JSON payload. */
  public static PaymentPayload fromHeader(String header, ObjectMapper json) {
    byte[] raw;
    try {
      String h = header.trim();
      raw = h.contains("-") || h.contains("_") ? Base64.getUrlDecoder().decode(h) : Base64.getMimeDecoder().decode(h);
    } catch (IllegalArgumentException e) {
      throw invalid("the payment header is not base64");
    }
    try {
      return fromJson(json.readTree(new String(raw, StandardCharsets.UTF_8)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw invalid("the payment header is not base64-encoded JSON");
    }
  }

  public static PaymentPayload fromJson(JsonNode n) {
    if (n == null || !n.isObject()) {
      throw invalid("the payment payload must be a JSON object");
    }
    int version = n.path("x402Version").asInt(-1);
    String scheme;
    String network;
    String asset = null;
    String amount = null;
    if (version == 2) {
      JsonNode acc = n.path("accepted");
      if (!acc.isObject()) {
        throw invalid("x402Version 2 payload needs an 'accepted' object");
      }
      scheme = text(acc, "scheme");
      network = text(acc, "network");
      asset = acc.path("asset").isTextual() ? acc.get("asset").asText() : null;
      amount = acc.path("amount").isValueNode() ? acc.get("amount").asText() : null;
    } else if (version == 1) {
      scheme = text(n, "scheme");
      network = text(n, "network");
    } else {
      throw invalid("x402Version must be 1 or 2");
    }
    JsonNode p = n.path("payload");
    JsonNode a = p.path("authorization");
    if (!a.isObject()) {
      throw invalid("payload.authorization is missing");
    }
    String sig = text(p, "signature");
    if (!SIGNATURE.matcher(sig).matches()) {
      throw invalid("payload.signature must be 0x-prefixed hex");
    }
    String from = address(a, "from");
    String to = address(a, "to");
    String nonce = text(a, "nonce");
    if (!NONCE.matcher(nonce).matches()) {
      throw invalid("authorization.nonce must be 32 bytes of hex");
    }
    Authorization auth = new Authorization(from, to, uint(a, "value"), uint(a, "validAfter"), uint(a, "validBefore"),
        nonce.toLowerCase(java.util.Locale.ROOT));
    return new PaymentPayload(version, scheme, network, asset, amount, auth, sig);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw invalid("'" + field + "' is missing or not a string");
    }
    return v.asText();
  }

  private static String address(JsonNode n, String field) {
    String s = text(n, field);
    if (!Addresses.valid(s)) {
      throw invalid("authorization." + field + " is not an EVM address");
    }
    return Addresses.canonical(s);
  }

  private static BigInteger uint(JsonNode n, String field) {
    JsonNode v = n.get(field);
    String s = v == null ? null : v.isIntegralNumber() ? v.bigIntegerValue().toString() : v.isTextual() ? v.asText() : null;
    if (s == null || !UINT.matcher(s).matches()) {
      throw invalid("authorization." + field + " must be a decimal uint256 string");
    }
    return new BigInteger(s);
  }

  static PaymentFailure invalid(String why) {
    return new PaymentFailure("invalid_payload", "Malformed x402 payment: " + why);
  }
}

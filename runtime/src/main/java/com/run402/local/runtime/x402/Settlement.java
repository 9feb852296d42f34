package com.run402.local.runtime.x402;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A settled payment: the body of the PAYMENT-RESPONSE header ({@code {success, transaction, network, payer}}). */
public record Settlement(boolean success, String transaction, String network, String payer, long amount) {
  public ObjectNode toJson(ObjectMapper json) {
    ObjectNode n = json.createObjectNode();
    n.put("success", success);
    n.put("transaction", transaction);
    n.put("network", network);
    n.put("payer", payer);
    return n;
  }

  /** The PAYMENT-RESPONSE header value: standard base64 of the JSON. */
  public String header(ObjectMapper json) {
    return Base64.getEncoder().encodeToString(toJson(json).toString().getBytes(StandardCharsets.UTF_8));
  }
}

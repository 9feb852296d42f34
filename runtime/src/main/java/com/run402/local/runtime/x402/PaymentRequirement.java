package com.run402.local.runtime.x402;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.chain.BaseSepolia;

/**
 * One {@code accepts[]} entry: "exact" USDC on Base Sepolia (api-contract 3.2).
 *
 * @param amount atomic USDC units (= USD micros)
 */
public record PaymentRequirement(String scheme, String network, String asset, long amount, String payTo,
    int maxTimeoutSeconds, String domainName, String domainVersion) {

  /** The requirement the emulator's paid routes challenge with. */
  public static PaymentRequirement usdc(long amount, String payTo) {
    return new PaymentRequirement("exact", BaseSepolia.NETWORK, BaseSepolia.USDC, amount, payTo, 300,
        BaseSepolia.USDC_NAME, BaseSepolia.USDC_VERSION);
  }

  public ObjectNode toJson(ObjectMapper json) {
    ObjectNode n = json.createObjectNode();
    n.put("scheme", scheme);
    n.put("network", network);
    n.put("asset", asset);
    n.put("amount", Long.toString(amount));
    n.put("payTo", payTo);
    n.put("maxTimeoutSeconds", maxTimeoutSeconds);
    n.putObject("extra").put("name", domainName).put("version", domainVersion);
    return n;
  }
}

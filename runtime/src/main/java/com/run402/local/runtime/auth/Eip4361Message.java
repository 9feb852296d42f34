package com.run402.local.runtime.auth;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the exact EIP-4361 (Sign-In with Ethereum) message text that the Run402 clients sign.
 * Byte-identical to viem's {@code createSiweMessage} for the same fields; values are used
 * verbatim from the payload (the address as sent, timestamps as sent).
 */
public final class Eip4361Message {
  private Eip4361Message() {}

  /** The message text: lines joined with {@code "\n"}, no trailing newline. */
  public static String text(SiwxPayload p) {
    List<String> lines = new ArrayList<>();
    lines.add(p.domain() + " wants you to sign in with your Ethereum account:");
    lines.add(p.address());
    lines.add("");
    if (p.statement() != null) {
      lines.add(p.statement());
    }
    lines.add("");
    lines.add("URI: " + p.uri());
    lines.add("Version: " + p.version());
    lines.add("Chain ID: " + numericChainId(p.chainId()));
    lines.add("Nonce: " + p.nonce());
    lines.add("Issued At: " + p.issuedAt());
    if (p.expirationTime() != null) {
      lines.add("Expiration Time: " + p.expirationTime());
    }
    if (p.notBefore() != null) {
      lines.add("Not Before: " + p.notBefore());
    }
    if (p.requestId() != null) {
      lines.add("Request ID: " + p.requestId());
    }
    if (!p.resources().isEmpty()) {
      lines.add("Resources:");
      for (String resource : p.resources()) {
        lines.add("- " + resource);
      }
    }
    return String.join("\n", lines);
  }

  /** {@code "eip155:84532"} -> {@code "84532"}; a value without a namespace is returned as is. */
  public static String numericChainId(String caip2) {
    if (caip2 == null) {
      return null;
    }
    int colon = caip2.indexOf(':');
    return colon < 0 ? caip2 : caip2.substring(colon + 1);
  }
}

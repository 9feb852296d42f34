package com.run402.local.runtime.x402;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.chain.BaseSepolia;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * Signs x402 v2 payments as {@code @x402/evm}'s exact scheme does (EIP-3009 over EIP-712), for JVM
 * tests and the benchmark. A throwaway key; it can only ever pay on the mock chain.
 */
public final class PaymentSigner {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final ECKeyPair key;
  private final String address;

  public PaymentSigner(ECKeyPair key) {
    this.key = key;
    this.address = Credentials.create(key).getAddress().toLowerCase(java.util.Locale.ROOT);
  }

  public static PaymentSigner random() {
    try {
      return new PaymentSigner(Keys.createEcKeyPair(RANDOM));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Lower-case address. */
  public String address() {
    return address;
  }

  public static String randomNonce() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return "0x" + HexFormat.of().formatHex(b);
  }

  /** The signed v2 payload for {@code req} with an explicit authorization (tests tamper with it). */
  public ObjectNode payload(ObjectMapper json, PaymentRequirement req, Authorization a, String network) {
    byte[] domain = Eip3009.domainSeparator(req.domainName(), req.domainVersion(), BaseSepolia.chainIdBig(), req.asset());
    Sign.SignatureData sig = Sign.signMessage(Eip3009.digest(domain, a), key, false);
    byte[] raw = new byte[65];
    System.arraycopy(sig.getR(), 0, raw, 0, 32);
    System.arraycopy(sig.getS(), 0, raw, 32, 32);
    raw[64] = sig.getV()[0];
    ObjectNode n = json.createObjectNode();
    n.put("x402Version", 2);
    ObjectNode accepted = req.toJson(json);
    accepted.put("network", network);
    n.set("accepted", accepted);
    ObjectNode auth = n.putObject("payload").putObject("authorization");
    auth.put("from", a.from()).put("to", a.to()).put("value", a.value().toString())
        .put("validAfter", a.validAfter().toString()).put("validBefore", a.validBefore().toString())
        .put("nonce", a.nonce());
    ((ObjectNode) n.get("payload")).put("signature", "0x" + HexFormat.of().formatHex(raw));
    return n;
  }

  /** A valid authorization paying exactly {@code req}, valid from 10 minutes ago for maxTimeoutSeconds. */
  public Authorization authorization(PaymentRequirement req, long nowSeconds) {
    return new Authorization(address, req.payTo().toLowerCase(java.util.Locale.ROOT), BigInteger.valueOf(req.amount()),
        BigInteger.valueOf(nowSeconds - 600), BigInteger.valueOf(nowSeconds + req.maxTimeoutSeconds()), randomNonce());
  }

  public static String header(ObjectNode payload) {
    return Base64.getEncoder().encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8));
  }
}

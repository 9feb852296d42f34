package com.run402.local.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/** A wallet that signs SIGN-IN-WITH-X headers exactly as @run402/sdk does (for JVM tests). */
public final class TestWallet {
  private final ECKeyPair key;
  private final String checksumAddress;

  private TestWallet(ECKeyPair key) {
    this.key = key;
    this.checksumAddress = Keys.toChecksumAddress(Credentials.create(key).getAddress());
  }

  public static TestWallet random() {
    try {
      return new TestWallet(Keys.createEcKeyPair(new SecureRandom()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public String address() {
    return checksumAddress.toLowerCase();
  }

  /** The header for a request to {@code apiBase + pathAndQuery}, valid for five minutes. */
  public String siwx(String apiBase, String pathAndQuery) {
    return siwx(apiBase, pathAndQuery, Instant.now());
  }

  public String siwx(String apiBase, String pathAndQuery, Instant issuedAt) {
    String domain = java.net.URI.create(apiBase).getHost();
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("domain", domain);
    p.put("address", checksumAddress);
    p.put("statement", "Sign in to Run402");
    p.put("uri", apiBase + pathAndQuery);
    p.put("version", "1");
    p.put("chainId", "eip155:84532");
    p.put("type", "eip191");
    byte[] nonce = new byte[16];
    new SecureRandom().nextBytes(nonce);
    p.put("nonce", HexFormat.of().formatHex(nonce));
    p.put("issuedAt", issuedAt.truncatedTo(ChronoUnit.MILLIS).toString());
    p.put("expirationTime", issuedAt.plusSeconds(300).truncatedTo(ChronoUnit.MILLIS).toString());
    String text = domain + " wants you to sign in with your Ethereum account:\n" + checksumAddress + "\n\n"
        + p.get("statement") + "\n\nURI: " + p.get("uri") + "\nVersion: 1\nChain ID: 84532\nNonce: "
        + p.get("nonce") + "\nIssued At: " + p.get("issuedAt") + "\nExpiration Time: " + p.get("expirationTime");
    Sign.SignatureData sig = Sign.signPrefixedMessage(text.getBytes(StandardCharsets.UTF_8), key);
    byte[] all = new byte[65];
    System.arraycopy(sig.getR(), 0, all, 0, 32);
    System.arraycopy(sig.getS(), 0, all, 32, 32);
    all[64] = sig.getV()[0];
    p.put("signature", Numeric.toHexString(all));
    return Base64.getEncoder().encodeToString(toJson(p).getBytes(StandardCharsets.UTF_8));
  }

  private static String toJson(Map<String, Object> m) {
    StringBuilder sb = new StringBuilder("{");
    m.forEach((k, v) -> {
      if (sb.length() > 1) {
        sb.append(',');
      }
      sb.append('"').append(k).append("\":\"").append(v.toString().replace("\"", "\\\"")).append('"');
    });
    return sb.append('}').toString();
  }
}

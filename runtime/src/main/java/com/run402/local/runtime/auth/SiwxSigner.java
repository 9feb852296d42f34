package com.run402.local.runtime.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * Builds {@code SIGN-IN-WITH-X} headers exactly as {@code @run402/sdk} does (api-contract 4.1), for
 * JVM code that calls wallet routes: tests, benchmarks, tools. The message text comes from
 * {@link Eip4361Message}, the same builder the verifier uses.
 */
public final class SiwxSigner {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ECKeyPair key;
  private final String checksumAddress;

  public SiwxSigner(ECKeyPair key) {
    this.key = key;
    this.checksumAddress = Keys.toChecksumAddress(Credentials.create(key).getAddress());
  }

  /** A signer with a fresh random key (a throwaway test wallet). */
  public static SiwxSigner random() {
    try {
      return new SiwxSigner(Keys.createEcKeyPair(RANDOM));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** EIP-55 address. */
  public String checksumAddress() {
    return checksumAddress;
  }

  /** Header for a request to {@code apiBase + pathAndQuery}, issued at {@code issuedAt}, valid 5 minutes. */
  public String header(String apiBase, String pathAndQuery, Instant issuedAt) {
    Instant at = issuedAt.truncatedTo(ChronoUnit.MILLIS);
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    SiwxPayload p = new SiwxPayload(java.net.URI.create(apiBase).getHost(), checksumAddress, "Sign in to Run402",
        apiBase + pathAndQuery, "1", "eip155:84532", "eip191", HexFormat.of().formatHex(nonce), at.toString(),
        at.plusSeconds(300).toString(), null, null, List.of(), null);
    Sign.SignatureData sig = Sign.signPrefixedMessage(Eip4361Message.text(p).getBytes(StandardCharsets.UTF_8), key);
    byte[] all = new byte[65];
    System.arraycopy(sig.getR(), 0, all, 0, 32);
    System.arraycopy(sig.getS(), 0, all, 32, 32);
    all[64] = sig.getV()[0];
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("domain", p.domain());
    m.put("address", p.address());
    m.put("statement", p.statement());
    m.put("uri", p.uri());
    m.put("version", p.version());
    m.put("chainId", p.chainId());
    m.put("type", p.type());
    m.put("nonce", p.nonce());
    m.put("issuedAt", p.issuedAt());
    m.put("expirationTime", p.expirationTime());
    m.put("signature", Numeric.toHexString(all));
    try {
      return Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(m));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

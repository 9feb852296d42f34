package com.run402.local.runtime.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/** Builds SIGN-IN-WITH-X headers exactly like the @run402/sdk client (test code only). */
public final class SiwxTestSigner {
  /** JS {@code Date.toISOString()}: always millisecond precision, {@code Z}. */
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private SiwxTestSigner() {}

  /** A valid header for {@code key}, same JSON shape as the real client. */
  public static String header(
      ECKeyPair key, String domain, String uri, Instant issuedAt, Instant expiration) {
    Map<String, Object> fields = fields(key, domain, uri, issuedAt, expiration);
    sign(key, fields);
    return encode(fields);
  }

  /** The unsigned client fields (mutable, in client order) for {@code key}. */
  public static Map<String, Object> fields(
      ECKeyPair key, String domain, String uri, Instant issuedAt, Instant expiration) {
    byte[] nonce = new byte[16];
    new SecureRandom().nextBytes(nonce);
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("domain", domain);
    f.put("address", Keys.toChecksumAddress(Keys.getAddress(key)));
    f.put("statement", "Sign in to Run402");
    f.put("uri", uri);
    f.put("version", "1");
    f.put("chainId", "eip155:84532");
    f.put("type", "eip191");
    f.put("nonce", Numeric.toHexStringNoPrefix(nonce));
    f.put("issuedAt", ISO_MILLIS.format(issuedAt));
    if (expiration != null) {
      f.put("expirationTime", ISO_MILLIS.format(expiration));
    }
    return f;
  }

  /** Signs the EIP-4361 text of {@code fields} with EIP-191 and stores it as "signature". */
  public static void sign(ECKeyPair key, Map<String, Object> fields) {
    fields.remove("signature");
    SiwxPayload payload = SiwxPayload.fromJson(new ObjectMapper().valueToTree(fields));
    byte[] message = Eip4361Message.text(payload).getBytes(StandardCharsets.UTF_8);
    Sign.SignatureData sig = Sign.signPrefixedMessage(message, key);
    byte[] rsv = new byte[65];
    System.arraycopy(sig.getR(), 0, rsv, 0, 32);
    System.arraycopy(sig.getS(), 0, rsv, 32, 32);
    rsv[64] = sig.getV()[0];
    fields.put("signature", Numeric.toHexString(rsv));
  }

  /** Standard base64 of the JSON, as the client sends it. */
  public static String encode(Map<String, Object> fields) {
    try {
      byte[] json = new ObjectMapper().writeValueAsBytes(fields);
      return Base64.getEncoder().encodeToString(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

package com.run402.local.conformance;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.rest.RestError;
import com.run402.local.runtime.rest.RestOptions;
import io.jsonwebtoken.ClaimJwtException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.MalformedJwtException;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.security.SecurityException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * JWTs as PostgREST's spec setup uses them: minting the tokens cases ask for, and a verifier with
 * PostgREST's error codes and messages (PGRST301 for a token that cannot be decoded or verified,
 * PGRST303 for claims that fail validation; 30 seconds of clock skew allowed).
 */
public final class SpecJwt {
  public static final String SECRET = "reallyreallyreallyreallyverysafe";
  private static final long SKEW_SECONDS = 30;

  private SpecJwt() {}

  /**
   * Signs {@code spec.claims} with HMAC. Done by hand rather than with jjwt because cases sign with
   * deliberately weak keys ("wrong secret") that jjwt refuses to use.
   */
  public static String mint(CaseFile.Jwt spec, ObjectMapper json, Clock clock) {
    ObjectNode claims = json.createObjectNode();
    long now = clock.instant().getEpochSecond();
    if (spec.claims() != null) {
      spec.claims().forEach((k, v) -> {
        JsonNode rel = v == null ? null : v.get("$secondsFromNow");
        claims.set(k, v != null && v.isObject() && v.size() == 1 && rel != null && rel.isNumber()
            ? json.getNodeFactory().numberNode(now + rel.asLong()) : v);
      });
    }
    String alg = spec.alg() == null ? "HS256" : spec.alg();
    String javaAlg;
    switch (alg) {
      case "HS256":
        javaAlg = "HmacSHA256";
        break;
      case "HS384":
        javaAlg = "HmacSHA384";
        break;
      case "HS512":
        javaAlg = "HmacSHA512";
        break;
      default:
        throw new IllegalArgumentException("cannot mint a " + alg + " token");
    }
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString(("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8));
    String payload;
    try {
      payload = b64.encodeToString(json.writeValueAsBytes(claims));
      Mac mac = Mac.getInstance(javaAlg);
      mac.init(new SecretKeySpec(spec.secret().getBytes(StandardCharsets.UTF_8), javaAlg));
      byte[] sig = mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
      return header + "." + payload + "." + b64.encodeToString(sig);
    } catch (GeneralSecurityException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A verifier for HS256 tokens signed with {@code secret}, answering like PostgREST. */
  public static RestOptions.JwtVerifier verifier(String secret, ObjectMapper json, Clock clock) {
    SecretKey key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    return token -> verify(token, key, json, clock);
  }

  static Map<String, Object> verify(String token, SecretKey key, ObjectMapper json, Clock clock) {
    if (token == null || token.isEmpty()) {
      throw decodeError("Empty JWT is sent in Authorization header");
    }
    int parts = token.split("\\.", -1).length;
    if (parts != 3) {
      throw decodeError("Expected 3 parts in JWT; got " + parts);
    }
    try {
      Jwts.parser().verifyWith(key).clockSkewSeconds(SKEW_SECONDS).build().parse(token);
    } catch (ClaimJwtException e) {
      // Expired or premature: jjwt checks exp/nbf only after the signature held; the claim
      // checks below give PostgREST's message.
    } catch (SecurityException e) {
      throw decodeError("No suitable key or wrong key type");
    } catch (UnsupportedJwtException e) {
      throw decodeError("Wrong or unsupported encoding algorithm");
    } catch (MalformedJwtException e) {
      // A non-numeric exp/nbf/iat: jjwt rejects it before looking at the signature, but PostgREST
      // checks the signature first, so check it here by hand before judging the claims.
      if (!hmacMatches(token, key)) {
        throw decodeError("No suitable key or wrong key type");
      }
    } catch (JwtException | IllegalArgumentException e) {
      throw decodeError("JWT cryptographic operation failed");
    }
    JsonNode claims;
    try {
      byte[] payload = Base64.getUrlDecoder().decode(token.split("\\.")[1]);
      claims = json.readTree(payload);
    } catch (IllegalArgumentException | java.io.IOException e) {
      throw decodeError("JWT cryptographic operation failed");
    }
    if (claims == null || !claims.isObject()) {
      throw claimsError("Parsing claims failed");
    }
    checkClaims(claims, clock.instant().getEpochSecond());
    return json.convertValue(claims, new TypeReference<Map<String, Object>>() {});
  }

  private static boolean hmacMatches(String token, SecretKey key) {
    int dot = token.lastIndexOf('.');
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] want = mac.doFinal(token.substring(0, dot).getBytes(StandardCharsets.US_ASCII));
      return java.security.MessageDigest.isEqual(want, Base64.getUrlDecoder().decode(token.substring(dot + 1)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** PostgREST's claim checks, in its order: exp, nbf, iat, aud. */
  static void checkClaims(JsonNode c, long now) {
    JsonNode exp = c.get("exp");
    if (exp != null) {
      if (!exp.isNumber()) {
        throw claimsError("The JWT 'exp' claim must be a number");
      }
      if (now > exp.asLong() + SKEW_SECONDS) {
        throw claimsError("JWT expired");
      }
    }
    JsonNode nbf = c.get("nbf");
    if (nbf != null) {
      if (!nbf.isNumber()) {
        throw claimsError("The JWT 'nbf' claim must be a number");
      }
      if (now < nbf.asLong() - SKEW_SECONDS) {
        throw claimsError("JWT not yet valid");
      }
    }
    JsonNode iat = c.get("iat");
    if (iat != null) {
      if (!iat.isNumber()) {
        throw claimsError("The JWT 'iat' claim must be a number");
      }
      if (now < iat.asLong() - SKEW_SECONDS) {
        throw claimsError("JWT issued at future");
      }
    }
    JsonNode aud = c.get("aud");
    if (aud != null && !aud.isNull() && !aud.isTextual()) {
      boolean ok = aud.isArray();
      for (JsonNode a : aud) {
        ok &= a.isTextual();
      }
      if (!ok) {
        throw claimsError("The JWT 'aud' claim must be a string or an array of strings");
      }
    }
  }

  private static RestError decodeError(String message) {
    return new RestError(401, "PGRST301", message);
  }

  private static RestError claimsError(String message) {
    return new RestError(401, "PGRST303", message);
  }
}

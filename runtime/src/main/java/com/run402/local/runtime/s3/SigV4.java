package com.run402.local.runtime.s3;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 building blocks (as documented by AWS for S3): the canonical URI and query,
 * the signing key, HMAC and SHA-256. Pure functions; {@link SigV4Verifier} puts them together.
 */
public final class SigV4 {
  public static final String ALGORITHM = "AWS4-HMAC-SHA256";
  public static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private SigV4() {}

  /** One query parameter, decoded. */
  public record Param(String name, String value) {}

  /** Decodes a raw query string ({@code a=1&b}) into parameters in order. */
  public static List<Param> parseQuery(String rawQuery) {
    List<Param> out = new ArrayList<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String n = eq < 0 ? part : part.substring(0, eq);
      String v = eq < 0 ? "" : part.substring(eq + 1);
      out.add(new Param(decode(n), decode(v)));
    }
    return out;
  }

  /** Percent-decoding without turning {@code +} into a space (S3 clients encode spaces as %20). */
  public static String decode(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw S3Error.invalidArgument("Malformed percent-encoding");
    }
  }

  /** AWS UriEncode: unreserved characters as is, everything else %XX (upper case); '/' kept if asked. */
  public static String uriEncode(String s, boolean keepSlash) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~' || (keepSlash && c == '/')) {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return b.toString();
  }

  /** The canonical query string, leaving out {@code exclude} (the presigned signature itself). */
  public static String canonicalQuery(List<Param> params, String exclude) {
    List<String[]> enc = new ArrayList<>();
    for (Param p : params) {
      if (!p.name().equals(exclude)) {
        enc.add(new String[] {uriEncode(p.name(), false), uriEncode(p.value(), false)});
      }
    }
    enc.sort(Comparator.<String[], String>comparing(a -> a[0]).thenComparing(a -> a[1]));
    StringBuilder b = new StringBuilder();
    for (String[] e : enc) {
      if (b.length() > 0) {
        b.append('&');
      }
      b.append(e[0]).append('=').append(e[1]);
    }
    return b.toString();
  }

  /** Canonical headers block and the signed-headers list, from lower-case names. */
  public static String canonicalHeaders(List<String> signed, Map<String, String> headers) {
    StringBuilder b = new StringBuilder();
    for (String h : signed) {
      String v = headers.get(h);
      if (v == null) {
        throw S3Error.signatureMismatch();
      }
      b.append(h).append(':').append(v.trim().replaceAll(" +", " ")).append('\n');
    }
    return b.toString();
  }

  public static byte[] signingKey(String secret, String date, String region, String service) {
    byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    k = hmac(k, region);
    k = hmac(k, service);
    return hmac(k, "aws4_request");
  }

  public static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  public static String sha256Hex(String s) {
    return sha256Hex(s.getBytes(StandardCharsets.UTF_8));
  }

  public static String sha256Hex(byte[] b) {
    try {
      return hex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Constant-time comparison of two hex signatures. */
  public static boolean same(String a, String b) {
    return a != null && b != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII),
        b.getBytes(StandardCharsets.US_ASCII));
  }
}

package com.run402.local.runtime.storage;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Expiring signatures of blob download URLs ({@code POST /storage/v1/blob/:key/sign}): HMAC-SHA256
 * over project, key and expiry with a key derived from the data dir's master secret, so a URL
 * stays valid across restarts and cannot be forged or moved to another key or project.
 */
public final class BlobSigner {
  private final byte[] key;

  public BlobSigner(byte[] key) {
    this.key = key.clone();
  }

  public String sign(String projectId, String objectKey, long expiresEpochSeconds) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] sig = mac.doFinal((projectId + "\n" + objectKey + "\n" + expiresEpochSeconds)
          .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sig);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** True when {@code signature} is ours for these values and {@code now} is not past the expiry. */
  public boolean valid(String projectId, String objectKey, String expires, String signature, long nowEpochSeconds) {
    if (expires == null || signature == null) {
      return false;
    }
    long exp;
    try {
      exp = Long.parseLong(expires);
    } catch (NumberFormatException e) {
      return false;
    }
    return nowEpochSeconds <= exp && MessageDigest.isEqual(sign(projectId, objectKey, exp)
        .getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII));
  }
}

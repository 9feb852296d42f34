package com.run402.local.runtime.mail.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook bodies. Our notes do not record production's scheme, so this is ours, documented:
 * header {@code Run402-Webhook-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>}, where the
 * secret ({@code whsec_...}) is returned when the webhook is registered and by GET. The SDK documents
 * {@code Run402-Webhook-Id} (the idempotency key); we send it too.
 */
public final class WebhookSigner {
  public static final String SIGNATURE_HEADER = "Run402-Webhook-Signature";
  public static final String ID_HEADER = "Run402-Webhook-Id";
  public static final String EVENT_HEADER = "Run402-Webhook-Event";

  private WebhookSigner() {}

  public static String sign(String secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}

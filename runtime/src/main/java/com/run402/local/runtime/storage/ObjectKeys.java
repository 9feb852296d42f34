package com.run402.local.runtime.storage;

import java.nio.charset.StandardCharsets;

/**
 * Which object keys are acceptable, for every storage surface (S3, blobs, assets, legacy objects).
 * Keys never become file names (bytes live in the content store by digest), so this is about clear
 * 400s for what production would refuse or mangle, not the only guard against path traversal:
 * no empty key, at most 1024 UTF-8 bytes (S3's limit), no leading {@code /}, no {@code .} or
 * {@code ..} segment, no empty segment, no NUL or other control character, no backslash, and no
 * U+FFFD (what an invalid or overlong UTF-8 percent-encoding decodes to).
 */
public final class ObjectKeys {
  public static final int MAX_KEY_BYTES = 1024;

  private ObjectKeys() {}

  /** A key that breaks one of the rules; the message says which. */
  public static final class InvalidKey extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidKey(String message) {
      super(message);
    }
  }

  /** Returns the key when acceptable, else throws {@link InvalidKey}. */
  public static String check(String key) {
    if (key == null || key.isEmpty()) {
      throw new InvalidKey("key must not be empty");
    }
    if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      throw new InvalidKey("key is longer than " + MAX_KEY_BYTES + " bytes");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new InvalidKey("key must not contain NUL or control characters");
      }
      if (c == '\\') {
        throw new InvalidKey("key must not contain a backslash");
      }
      if (c == '\uFFFD') {
        throw new InvalidKey("key is not valid UTF-8");
      }
      if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < key.length()
          && Character.isLowSurrogate(key.charAt(++i)))) {
        throw new InvalidKey("key is not valid UTF-8");
      }
    }
    if (key.startsWith("/")) {
      throw new InvalidKey("key must not start with /");
    }
    for (String seg : key.split("/", -1)) {
      if (seg.equals(".") || seg.equals("..")) {
        throw new InvalidKey("key must not contain . or .. segments");
      }
    }
    if (key.contains("//")) {
      throw new InvalidKey("key must not contain empty segments");
    }
    return key;
  }

  /** A legacy bucket name: one safe segment. */
  public static String checkBucket(String bucket) {
    check(bucket);
    if (bucket.contains("/")) {
      throw new InvalidKey("bucket must be one path segment");
    }
    return bucket;
  }
}

package com.run402.local.runtime.content;

import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Bytes stored once in the {@link ContentStore}: their SHA-256 (64 lower-case hex digits) and size. */
public record ContentRef(String sha256, long size) {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  public ContentRef {
    if (sha256 == null || !HEX64.matcher(sha256).matches()) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits");
    }
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative");
    }
  }

  /** True for 64 lower-case hex digits (what {@link ContentStore} accepts as an address). */
  public static boolean isSha256Hex(String s) {
    return s != null && HEX64.matcher(s).matches();
  }

  /** The digest as base64 (S3's {@code x-amz-checksum-sha256}, SRI's {@code sha256-...}). */
  public String sha256Base64() {
    return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256));
  }
}

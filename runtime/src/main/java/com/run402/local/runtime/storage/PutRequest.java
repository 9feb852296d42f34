package com.run402.local.runtime.storage;

/**
 * What a writer says about new bytes. {@code expectedSize} and {@code expectedSha256} (hex) are
 * checked when not null; {@code maxBytes} refuses larger bodies (413 / EntityTooLarge).
 */
public record PutRequest(
    String namespace,
    String key,
    String contentType,
    String visibility,
    boolean immutable,
    String metadataJson,
    Long expectedSize,
    String expectedSha256,
    long maxBytes) {

  public PutRequest {
    contentType = contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType;
    visibility = visibility == null ? "private" : visibility;
    if (!visibility.equals("public") && !visibility.equals("private")) {
      throw new IllegalArgumentException("visibility must be public or private");
    }
  }

  /** A private, mutable blob of any size up to {@code maxBytes}. */
  public static PutRequest blob(String key, String contentType, long maxBytes) {
    return new PutRequest(StoredObject.BLOBS, key, contentType, "private", false, null, null, null, maxBytes);
  }

  public PutRequest withExpected(Long size, String sha256Hex) {
    return new PutRequest(namespace, key, contentType, visibility, immutable, metadataJson, size, sha256Hex, maxBytes);
  }
}

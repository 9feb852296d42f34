package com.run402.local.runtime.storage;

import java.time.Instant;

/** One stored object: a project's key in a namespace pointing at content-addressed bytes. */
public record StoredObject(
    String projectId,
    String namespace,
    String key,
    String sha256,
    long size,
    String contentType,
    String visibility,
    boolean immutable,
    String metadataJson,
    Instant createdAt,
    Instant updatedAt) {

  public static final String BLOBS = "blobs";
  public static final String OBJECTS = "objects";

  public boolean isPublic() {
    return "public".equals(visibility);
  }

  /** Strong ETag over the content digest, quoted, in the SDK's form {@code "sha256-<hex>"}. */
  public String etag() {
    return "\"sha256-" + sha256 + "\"";
  }
}

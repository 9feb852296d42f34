package com.run402.local.runtime.content;

/**
 * The bytes offered to {@link ContentStore#put} were not what the caller said they would be
 * (size or SHA-256). Nothing was stored. Callers turn it into their own 400 (or S3's BadDigest).
 */
public final class ContentMismatchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Which promise the bytes broke. */
  public enum Kind { SIZE, SHA256, TOO_LARGE }

  private final Kind kind;

  public ContentMismatchException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}

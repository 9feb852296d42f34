package com.run402.local.runtime.storage;

import java.util.Optional;

/**
 * One satisfiable range of an HTTP {@code Range: bytes=...} header against a length: {@code a-b},
 * {@code a-} or the suffix {@code -n}. A header that is absent, malformed or asks for several ranges
 * is ignored (the whole content is served, as S3 and most servers do); a well-formed range that
 * starts past the end is {@link Unsatisfiable} (416).
 */
public record ByteRange(long start, long end, long total) {

  /** A well-formed range that starts at or after the end of the content. */
  public static final class Unsatisfiable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unsatisfiable() {
      super("The requested range is not satisfiable");
    }
  }

  public long length() {
    return end - start + 1;
  }

  /** {@code bytes start-end/total}. */
  public String contentRange() {
    return "bytes " + start + "-" + end + "/" + total;
  }

  public static Optional<ByteRange> parse(String header, long total) {
    if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
      return Optional.empty();
    }
    String spec = header.substring(6).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return Optional.empty();
    }
    try {
      String a = spec.substring(0, dash).trim();
      String b = spec.substring(dash + 1).trim();
      if (a.isEmpty()) {
        long n = Long.parseLong(b);
        if (n <= 0) {
          throw new Unsatisfiable();
        }
        return total == 0 ? Optional.empty() : Optional.of(new ByteRange(Math.max(0, total - n), total - 1, total));
      }
      long start = Long.parseLong(a);
      long end = b.isEmpty() ? total - 1 : Long.parseLong(b);
      if (start < 0 || end < start) {
        return Optional.empty();
      }
      if (start >= total) {
        throw new Unsatisfiable();
      }
      return Optional.of(new ByteRange(start, Math.min(end, total - 1), total));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}

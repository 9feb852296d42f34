package com.run402.local.runtime.content;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads at most {@code remaining} bytes of the wrapped stream (a range of a stored content). */
final class BoundedInputStream extends FilterInputStream {
  private long remaining;

  BoundedInputStream(InputStream in, long remaining) {
    super(in);
    this.remaining = remaining;
  }

  @Override
  public int read() throws IOException {
    if (remaining <= 0) {
      return -1;
    }
    int b = super.read();
    if (b >= 0) {
      remaining--;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (remaining <= 0) {
      return -1;
    }
    int r = super.read(b, off, (int) Math.min(len, remaining));
    if (r > 0) {
      remaining -= r;
    }
    return r;
  }

  @Override
  public long skip(long n) throws IOException {
    long s = super.skip(Math.min(n, remaining));
    remaining -= s;
    return s;
  }
}

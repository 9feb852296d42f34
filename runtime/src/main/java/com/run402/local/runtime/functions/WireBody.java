package com.run402.local.runtime.functions;

import com.run402.local.runtime.BulkInputStream;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * A function's response body as it streams from the worker: the payloads of its {@code D} frames up to the
 * closing {@code Z}. The connection goes back to the worker once the body was read to its end; closed early (the
 * caller went away) or cut by the worker ({@code X}), the connection is dropped instead. A read that waits longer
 * than the function's timeout for the next chunk fails, and the connection is dropped.
 */
final class WireBody extends BulkInputStream {
  private final WireConnection conn;
  private final Consumer<Boolean> onEnd;
  private final Deadlines deadlines;
  private final long timeoutMs;
  private int remaining;
  private boolean done;

  /** {@code onEnd} gets true when the connection can carry another call. */
  WireBody(WireConnection conn, Consumer<Boolean> onEnd, Deadlines deadlines, long timeoutMs) {
    this.conn = conn;
    this.onEnd = onEnd;
    this.deadlines = deadlines;
    this.timeoutMs = timeoutMs;
  }

  @Override
  public synchronized int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    Deadlines.Entry stall = deadlines.add(timeoutMs, conn::close);
    try {
      while (remaining == 0) {
        if (done) {
          return -1;
        }
        char type = conn.type();
        int n = conn.length();
        switch (type) {
          case 'D' -> remaining = n;
          case 'Z' -> {
            finish(true);
            return -1;
          }
          case 'X' -> throw new IOException("the function's response stream failed (see its logs)");
          default -> throw new IOException("unexpected frame '" + type + "' from the worker");
        }
      }
      int n = Math.min(len, remaining);
      conn.payload(b, off, n);
      remaining -= n;
      return n;
    } catch (IOException e) {
      finish(false);
      throw stall.fired() ? new IOException("the function's response stream stalled past its timeout", e) : e;
    } finally {
      stall.cancel();
    }
  }

  @Override
  public synchronized void close() {
    finish(false);
  }

  private void finish(boolean reusable) {
    if (!done) {
      done = true;
      onEnd.accept(reusable);
    }
  }
}

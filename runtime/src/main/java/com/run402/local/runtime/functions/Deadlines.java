package com.run402.local.runtime.functions;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Function timeouts: each call registers its deadline and one daemon thread looks at them every
 * {@value #TICK_MS} ms, running the call's action (killing its worker) once it is past. A scan rather than a
 * scheduled task per call: scheduling wakes the timer thread on every call, and on a small machine that extra
 * wake-up competes with the worker for the CPU on the warm path. Timeouts are whole seconds, so a tick's
 * lateness does not matter. The thread starts with the first call and ends after {@value #IDLE_TICKS} idle ticks.
 */
final class Deadlines implements AutoCloseable {
  static final long TICK_MS = 100;
  static final int IDLE_TICKS = 100;
  private static final int PENDING = 0;
  private static final int CANCELLED = 1;
  private static final int FIRED = 2;
  private final Set<Entry> pending = ConcurrentHashMap.newKeySet();
  private Thread scanner;
  private boolean closed;

  /** One call's deadline; {@link #cancel} when the answer came in time. */
  final class Entry {
    private final long due;
    private final Runnable onTimeout;
    private final AtomicInteger state = new AtomicInteger(PENDING);

    private Entry(long due, Runnable onTimeout) {
      this.due = due;
      this.onTimeout = onTimeout;
    }

    /** True unless it fired (the call made it in time, or was already cancelled). */
    boolean cancel() {
      pending.remove(this);
      return state.compareAndSet(PENDING, CANCELLED) || state.get() == CANCELLED;
    }

    boolean fired() {
      return state.get() == FIRED;
    }
  }

  Entry add(long timeoutMs, Runnable onTimeout) {
    Entry e = new Entry(System.nanoTime() + timeoutMs * 1_000_000, onTimeout);
    pending.add(e);
    synchronized (this) {
      if (scanner == null && !closed) {
        scanner = new Thread(this::scan, "run402-fn-deadlines");
        scanner.setDaemon(true);
        scanner.start();
      }
    }
    return e;
  }

  private void scan() {
    int idle = 0;
    while (true) {
      try {
        Thread.sleep(TICK_MS);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      for (Entry e : pending) {
        if (now - e.due >= 0 && e.state.compareAndSet(PENDING, FIRED)) {
          pending.remove(e);
          e.onTimeout.run();
        }
      }
      idle = pending.isEmpty() ? idle + 1 : 0;
      synchronized (this) {
        if (closed || (idle >= IDLE_TICKS && pending.isEmpty())) {
          scanner = null;
          return;
        }
      }
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (scanner != null) {
      scanner.interrupt();
    }
  }
}

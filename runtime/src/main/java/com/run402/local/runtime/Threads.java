package com.run402.local.runtime;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The engine's background threads: named daemons (they never keep the JVM alive), and a bounded stop. */
public final class Threads {
  private Threads() {}

  /** Daemon threads called {@code name}, or {@code name-1}, {@code name-2}... when {@code numbered}. */
  public static ThreadFactory daemon(String name, boolean numbered) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, numbered ? name + "-" + n.incrementAndGet() : name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Interrupts what the executor runs and waits at most {@code wait} for it to end. */
  public static void stop(ExecutorService executor, Duration wait) {
    executor.shutdownNow();
    try {
      executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

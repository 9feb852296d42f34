package com.run402.local;

import com.run402.local.runtime.Engine;
import com.run402.local.runtime.RuntimeConfig;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** An engine starting on its own named thread. */
final class EngineStart {
  private final CompletableFuture<Engine> future = new CompletableFuture<>();
  private final long timeoutMillis;

  private EngineStart(long timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
  }

  static EngineStart begin(RuntimeConfig config) {
    EngineStart s = new EngineStart(config.startTimeout().toMillis() + 120_000);
    Thread t = new Thread(() -> {
      try {
        s.future.complete(Engine.start(config));
      } catch (Throwable e) {
        s.future.completeExceptionally(e);
      }
    }, "run402-engine-start");
    t.setDaemon(true);
    t.start();
    return s;
  }

  /** The started engine (for request handlers, which only run after {@link #await()}). */
  Engine engine() {
    return future.join();
  }

  /** Waits for the engine; rethrows its startup failure as is. */
  Engine await() {
    try {
      return future.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new CompletionException(cause);
    } catch (TimeoutException e) {
      throw new com.run402.local.runtime.StartupException("The engine did not start within "
          + timeoutMillis / 1000 + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new com.run402.local.runtime.StartupException("Interrupted while starting", e);
    }
  }
}

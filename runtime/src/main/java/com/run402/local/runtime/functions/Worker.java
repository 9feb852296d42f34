package com.run402.local.runtime.functions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One warm Node process running {@code worker.mjs} for one project: it listens on a Unix domain socket (loopback
 * TCP where there are none) and serves any number of invocations, over connections kept open between calls. Started with an empty environment (the
 * project's variables travel with each call), {@code --enable-source-maps} and {@code --max-old-space-size}. Its stdout carries the readiness line
 * and structured log lines; anything else it prints goes to the logger, and the last stderr lines are kept
 * to explain a crash.
 */
final class Worker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("run402.functions.worker");
  private static final int KEEP = 80;
  private final WorkerPool.Key key;
  private final Process process;
  private final CompletableFuture<SocketAddress> ready = new CompletableFuture<>();
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  /** Idle connections, each ready for its next call. */
  private final java.util.concurrent.ConcurrentLinkedDeque<WireConnection> idle =
      new java.util.concurrent.ConcurrentLinkedDeque<>();
  private final BiConsumer<String, String> logLine;
  private final Path socket;
  private volatile SocketAddress address;

  private Worker(WorkerPool.Key key, Process process, Path socket, BiConsumer<String, String> logLine) {
    this.key = key;
    this.socket = socket;
    this.process = process;
    this.logLine = logLine;
  }

  /** Starts a worker listening on {@code socket} (null: a loopback TCP port) and waits (bounded) until it listens. */
  static Worker start(FunctionsOptions options, NodeRuntime runtime, Path cwd, Path socket, WorkerPool.Key key,
      BiConsumer<String, String> logLine) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(options.node(), "--enable-source-maps",
        "--max-old-space-size=" + key.memoryMb(), "--no-warnings", runtime.worker().toString()));
    if (socket != null) {
      cmd.add(socket.toString());
    }
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().clear(); // nothing of the emulator's environment reaches user code
    pb.directory(cwd.toFile());
    Worker w = new Worker(key, pb.start(), socket, logLine);
    w.pump(w.process.getInputStream(), true);
    w.pump(w.process.getErrorStream(), false);
    try {
      w.address = w.ready.get(options.workerStartTimeout().toMillis(), TimeUnit.MILLISECONDS);
      return w;
    } catch (TimeoutException | ExecutionException e) {
      w.close();
      throw new IOException("The Node worker for " + key.projectId() + " did not start within "
          + options.workerStartTimeout().toSeconds() + " s; last output: " + w.stderrTail());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      w.close();
      throw new IOException("Interrupted while starting a Node worker", e);
    }
  }

  WorkerPool.Key key() {
    return key;
  }

  /** An idle connection, or a new one. */
  WireConnection connection() throws java.io.IOException {
    WireConnection c = idle.pollFirst();
    return c != null ? c : WireConnection.open(address);
  }

  /** A connection whose call ended cleanly, kept for the next call (closed if the worker is gone). */
  void giveBack(WireConnection c) {
    idle.addFirst(c);
    if (!process.isAlive() && idle.remove(c)) {
      c.close();
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  AtomicInteger inFlight() {
    return inFlight;
  }

  /** True when the process exited within {@code wait}. */
  boolean exited(Duration wait) {
    try {
      return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  synchronized String stderrTail() {
    return String.join("\n", stderrTail);
  }

  private void pump(InputStream in, boolean stdout) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (stdout && line.startsWith("RUN402_WORKER_READY ")) {
            ready.complete(address(line.substring(20).trim()));
          } else if (stdout && line.startsWith("RUN402_LOG ")) {
            logLine.accept(key.projectId(), line.substring(11));
          } else {
            if (!stdout) {
              remember(line);
            }
            LOG.info("[{} worker pid {}] {}", key.projectId(), process.pid(), line);
          }
        }
      } catch (IOException | RuntimeException e) {
        LOG.debug("worker output closed: {}", e.getMessage());
      }
      ready.completeExceptionally(new IOException("worker output ended"));
    }, "run402-fn-" + key.projectId() + "-" + (stdout ? "out" : "err"));
    t.setDaemon(true);
    t.start();
  }

  /** {@code unix:<path>} or a loopback TCP port, as the worker's readiness line gives it. */
  private static SocketAddress address(String where) {
    return where.startsWith("unix:") ? UnixDomainSocketAddress.of(where.substring(5))
        : new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(where));
  }

  private synchronized void remember(String line) {
    if (stderrTail.size() == KEEP) {
      stderrTail.removeFirst();
    }
    stderrTail.addLast(line);
  }

  @Override
  public void close() {
    for (WireConnection c; (c = idle.pollFirst()) != null; ) {
      c.close();
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    exited(Duration.ofSeconds(5));
    if (socket != null) {
      try {
        Files.deleteIfExists(socket);
      } catch (IOException e) {
        LOG.debug("could not delete {}: {}", socket, e.getMessage());
      }
    }
  }
}

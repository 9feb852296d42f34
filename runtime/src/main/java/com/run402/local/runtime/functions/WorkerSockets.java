package com.run402.local.runtime.functions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where workers listen: a Unix domain socket each, in a temporary folder only this user can enter (created on the
 * first worker, removed on close). Null, meaning loopback TCP, on Windows (where Node's {@code listen(path)} is a
 * named pipe, which Java cannot open as a socket) and where the path would not fit in a socket address (104 bytes
 * on macOS, whose temporary folders are long), or when the folder cannot be made.
 */
final class WorkerSockets implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerSockets.class);
  private static final int MAX_PATH = 100;
  private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
  private final Path base;
  private Path dir;
  private long next;
  private boolean unusable = WINDOWS;

  /** In the system's temporary folder. */
  WorkerSockets() {
    this(null);
  }

  /** In {@code base} (null: the system's temporary folder). */
  WorkerSockets(Path base) {
    this.base = base;
  }

  /** A fresh socket path for one worker, or null for loopback TCP. */
  synchronized Path next() {
    if (unusable) {
      return null;
    }
    try {
      if (dir == null) {
        // mode 700 on POSIX file systems
        dir = base == null ? Files.createTempDirectory("run402-fn-") : Files.createTempDirectory(base, "run402-fn-");
      }
      Path p = dir.resolve("w" + (next++) + ".sock");
      if (p.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PATH) {
        unusable = true;
        return null;
      }
      return p;
    } catch (IOException e) {
      LOG.warn("No folder for worker sockets ({}); workers listen on loopback TCP", e.getMessage());
      unusable = true;
      return null;
    }
  }

  @Override
  public synchronized void close() {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.debug("could not remove {}: {}", dir, e.getMessage());
    }
    dir = null;
  }
}

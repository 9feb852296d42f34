package com.run402.local.runtime.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A postmaster survives a {@code kill -9} of the JVM that started it (it has its own process). On
 * the next start we find it through postmaster.pid and stop it cleanly before starting our own;
 * PostgreSQL itself handles a pid file whose process is gone.
 */
final class StalePostmaster {
  private static final Logger LOG = LoggerFactory.getLogger(StalePostmaster.class);

  private StalePostmaster() {}

  static void recover(Path pgData) {
    Path pidFile = pgData.resolve("postmaster.pid");
    Optional<Long> pid = readPid(pidFile);
    if (pid.isEmpty()) {
      return;
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
    if (handle.isEmpty() || !looksLikePostgres(handle.get())) {
      return;
    }
    LOG.warn("Found a PostgreSQL server (pid {}) left running by a previous run on {}; stopping it",
        pid.get(), pgData);
    Processes.signal(pid.get(), "INT");
    if (!waitGone(handle.get(), 15_000)) {
      LOG.warn("Stale PostgreSQL (pid {}) ignored a fast shutdown; killing it", pid.get());
      Processes.signal(pid.get(), "KILL");
      waitGone(handle.get(), 5_000);
    }
  }

  private static boolean looksLikePostgres(ProcessHandle h) {
    return h.info().command().map(c -> c.endsWith("postgres")).orElse(true);
  }

  private static boolean waitGone(ProcessHandle h, long millis) {
    long deadline = System.currentTimeMillis() + millis;
    while (h.isAlive() && System.currentTimeMillis() < deadline) {
      PostgresCluster.sleep(25);
    }
    return !h.isAlive();
  }

  static Optional<Long> readPid(Path pidFile) {
    try {
      if (!Files.exists(pidFile)) {
        return Optional.empty();
      }
      List<String> lines = Files.readAllLines(pidFile);
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}

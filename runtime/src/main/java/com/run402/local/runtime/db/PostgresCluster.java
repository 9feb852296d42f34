package com.run402.local.runtime.db;

import com.run402.local.runtime.StartupException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL server on loopback: initdb on first use, recovery of a postmaster orphaned by a
 * killed JVM, start on a free port, readiness by connecting, and a fast shutdown. The server runs as
 * a direct child whose output goes to the logger.
 */
public final class PostgresCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresCluster.class);
  private static final Logger PG_LOG = LoggerFactory.getLogger("run402.postgres");
  public static final String SUPERUSER = "postgres";

  private final Path pgData;
  private final String password;
  private final Process process;
  private final int port;
  private final AtomicBoolean closed = new AtomicBoolean();

  private PostgresCluster(Path pgData, String password, Process process, int port) {
    this.pgData = pgData;
    this.password = password;
    this.process = process;
    this.port = port;
  }

  /** Settings for {@link #start}. */
  public record Settings(
      Path pgData, PostgresBinaries binaries, ProcessIsolation isolation, String superuserPassword,
      boolean durable, Duration startTimeout) {}

  public static PostgresCluster start(Settings s) {
    long t0 = System.nanoTime();
    Initdb.ensure(s);
    StalePostmaster.recover(s.pgData());
    s.isolation().prepare(s.pgData());
    StartupException last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      int port = freePort();
      try {
        PostgresCluster c = launch(s, port);
        LOG.info("PostgreSQL ready on 127.0.0.1:{} ({} mode) in {} ms", port, s.isolation().mode(),
            (System.nanoTime() - t0) / 1_000_000);
        return c;
      } catch (PortRaceException e) {
        last = new StartupException(e.getMessage());
      }
    }
    throw last;
  }

  public int port() {
    return port;
  }

  public String superuserPassword() {
    return password;
  }

  public Path pgData() {
    return pgData;
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** A fresh superuser connection (bootstrap and tests; pools come from {@code Database}). */
  public Connection connect(String database) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", SUPERUSER);
    p.setProperty("password", password);
    p.setProperty("connectTimeout", "5");
    return DriverManager.getConnection(jdbcUrl(database), p);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long pid = process.pid();
    if (process.isAlive()) {
      Processes.signal(pid, "INT"); // fast shutdown: roll back open transactions, checkpoint, exit
      try {
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
          LOG.warn("PostgreSQL (pid {}) did not stop within 15 s; killing it", pid);
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
    LOG.debug("PostgreSQL stopped");
  }

  private static PostgresCluster launch(Settings s, int port) {
    List<String> cmd = new ArrayList<>();
    if (java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/setsid"))) {
      // Own session: a Ctrl-C in the terminal reaches the JVM only, which then stops Postgres in order.
      cmd.add("/usr/bin/setsid");
    }
    cmd.addAll(s.isolation().prefix());
    cmd.add(s.binaries().bin("postgres").toString());
    cmd.addAll(List.of("-D", s.pgData().toString(), "-p", Integer.toString(port),
        "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
        "-c", "max_connections=300", "-c", "shared_buffers=32MB", "-c", "log_min_messages=warning",
        "-c", "log_min_error_statement=panic", "-c", "TimeZone=UTC"));
    if (!s.durable()) {
      cmd.addAll(List.of("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"));
    }
    Process p;
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().put("LC_ALL", "C");
      p = pb.start();
    } catch (IOException e) {
      throw new StartupException("Cannot start PostgreSQL (" + cmd.get(0) + "): " + e.getMessage(), e);
    }
    Processes.OutputPump pump = Processes.OutputPump.start(p, PG_LOG, "postgres");
    PostgresCluster cluster = new PostgresCluster(s.pgData(), s.superuserPassword(), p, port);
    long deadline = System.nanoTime() + s.startTimeout().toNanos();
    SQLException lastError = null;
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        String tail = pump.tail();
        if (tail.contains("Address already in use")) {
          throw new PortRaceException("Port " + port + " was taken while PostgreSQL started: " + tail);
        }
        throw new StartupException("PostgreSQL exited during start (code " + p.exitValue() + "). "
            + "Its last output:\n" + tail + "\nData directory: " + s.pgData());
      }
      try (Connection c = cluster.connect("postgres")) {
        return cluster;
      } catch (SQLException e) {
        lastError = e;
        sleep(20);
      }
    }
    cluster.close();
    throw new StartupException("PostgreSQL did not accept connections within "
        + s.startTimeout().toSeconds() + " s (last error: "
        + (lastError == null ? "none" : lastError.getMessage()) + "). Its last output:\n" + pump.tail());
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new StartupException("Cannot find a free loopback port for PostgreSQL: " + e.getMessage(), e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException("Interrupted while starting PostgreSQL", e);
    }
  }

  private static final class PortRaceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PortRaceException(String message) {
      super(message);
    }
  }

  /** Creates the cluster with initdb when the data directory is new. */
  static final class Initdb {
    private Initdb() {}

    static void ensure(Settings s) {
      Path pgData = s.pgData();
      if (Files.exists(pgData.resolve("PG_VERSION"))) {
        return;
      }
      try {
        if (Files.isDirectory(pgData)) {
          try (var entries = Files.list(pgData)) {
            if (entries.findAny().isPresent()) {
              throw new StartupException(pgData + " is not empty and is not a PostgreSQL data directory. "
                  + "Move it away or pick another --data-dir.");
            }
          }
        }
        Files.createDirectories(pgData, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path pwFile = pgData.resolveSibling(".pgpass-init");
        Files.writeString(pwFile, s.superuserPassword() + "\n");
        s.isolation().prepare(pgData);
        s.isolation().prepare(pwFile);
        List<String> cmd = new ArrayList<>(s.isolation().prefix());
        cmd.addAll(List.of(s.binaries().bin("initdb").toString(), "-D", pgData.toString(), "-U", SUPERUSER,
            "--auth=scram-sha-256", "--pwfile=" + pwFile, "-E", "UTF8", "--locale=C"));
        if (!s.durable()) {
          cmd.add("--no-sync");
        }
        long t0 = System.nanoTime();
        Processes.Result r;
        try {
          r = Processes.run(cmd, Map.of("LC_ALL", "C"), Duration.ofMinutes(2), PG_LOG);
        } finally {
          Files.deleteIfExists(pwFile);
        }
        if (!r.ok()) {
          throw new StartupException("initdb failed (exit " + r.exitCode() + ") for " + pgData + ":\n" + r.output());
        }
        LOG.info("Initialised a new PostgreSQL cluster in {} ({} ms)", pgData, (System.nanoTime() - t0) / 1_000_000);
      } catch (IOException e) {
        throw new StartupException("Cannot create the PostgreSQL data directory " + pgData + ": " + e.getMessage()
            + ". Check that --data-dir is writable.", e);
      }
    }
  }
}

// Part of the run402-local benchmark (bench/run.sh); see Bench.java.

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

final class Emulator {
  static final Pattern LISTENING = Pattern.compile("^run402-local listening on (http://\\S+)$");
  static final Pattern LOG = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) (\\w+) (\\S+) - (.*)$");

  final String label;
  final Process process;
  final long spawnNanos;
  final LocalTime spawnClock;
  final CountDownLatch listening = new CountDownLatch(1);
  final List<String> stderr = new CopyOnWriteArrayList<>();
  volatile long listenNanos;
  volatile LocalTime listenClock;
  volatile String baseUrl;
  volatile List<ProcessHandle> knownDescendants = List.of();

  private Emulator(String label, Process process, long spawnNanos, LocalTime spawnClock) {
    this.label = label;
    this.process = process;
    this.spawnNanos = spawnNanos;
    this.spawnClock = spawnClock;
  }

  static Emulator spawn(String java, Path jar, Path cache, Path data, String label) throws IOException {
    return spawn(java, List.of(), jar, cache, data, label);
  }

  /** With {@code jvmFlags} before {@code -jar} (the AppCDS flags ./run402-local.sh adds, say). */
  static Emulator spawn(String java, List<String> jvmFlags, Path jar, Path cache, Path data, String label)
      throws IOException {
    List<String> cmd = new ArrayList<>(List.of(java));
    cmd.addAll(jvmFlags);
    // Extra JVM flags for the emulator only, e.g. a flight recording while profiling the REST step.
    String jvmOpts = System.getenv("RUN402_BENCH_EMULATOR_JVM_OPTS");
    if (jvmOpts != null && !jvmOpts.isBlank()) {
      cmd.addAll(List.of(jvmOpts.trim().split("\\s+")));
    }
    cmd.addAll(List.of("-jar", jar.toString(), "--port", "0",
        "--data-dir", data.toString(), "--cache-dir", cache.toString(), "--log-level", "info",
        // Production's 100 req/s per project would turn the REST step's load into 429s; the steps
        // provision with unfunded wallets (payments are measured in-process by PaymentBench).
        "--rate-limit", "0", "--payments", "free", "--s3-port", "0"));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().keySet().removeIf(k -> k.startsWith("RUN402_LOCAL_"));
    LocalTime clock = LocalTime.now();
    long t0 = System.nanoTime();
    Process p = pb.start();
    Emulator e = new Emulator(label, p, t0, clock);
    Bench.LIVE.add(e);
    Thread out = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          Matcher m = LISTENING.matcher(line);
          if (m.matches() && e.baseUrl == null) {
            e.listenNanos = System.nanoTime();
            e.listenClock = LocalTime.now();
            e.baseUrl = m.group(1);
            e.listening.countDown();
          }
        }
      } catch (IOException ignored) {
        // process gone
      }
    }, "bench-stdout-" + label);
    Thread err = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (e.stderr.size() < 2000) {
            e.stderr.add(line);
          }
        }
      } catch (IOException ignored) {
        // process gone
      }
    }, "bench-stderr-" + label);
    out.setDaemon(true);
    err.setDaemon(true);
    out.start();
    err.start();
    return e;
  }

  void awaitListening(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!listening.await(100, TimeUnit.MILLISECONDS)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(label + ": emulator exited with " + process.exitValue() + " before "
            + "listening: " + stderrTail());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(label + ": no 'listening' line within " + timeout + ": " + stderrTail());
      }
    }
    knownDescendants = process.descendants().collect(Collectors.toList());
  }

  String stderrTail() {
    int n = stderr.size();
    return String.join("\n", stderr.subList(Math.max(0, n - 20), n));
  }

  /**
   * Milestones from the emulator's own info log (HH:mm:ss.SSS wall clock), relative to spawn: when
   * Postgres work started and finished, and the durations it reports.
   */
  Map<String, Double> phases() {
    Pattern took = Pattern.compile("in (\\d+) ms|\\((\\d+) ms\\)");
    Double extract = null;
    Double initdb = null;
    Double clusterStart = null;
    Double pgReadyAt = null;
    for (String line : stderr) {
      Matcher lm = LOG.matcher(line);
      if (!lm.matches() || !lm.group(2).equals("INFO")) {
        continue;
      }
      double at = Duration.between(spawnClock, LocalTime.parse(lm.group(1))).toNanos() / 1e6;
      String msg = lm.group(4);
      Matcher t = took.matcher(msg);
      if (!t.find()) {
        continue;
      }
      double dur = Double.parseDouble(t.group(1) != null ? t.group(1) : t.group(2));
      if (msg.startsWith("Extracted PostgreSQL")) {
        extract = dur;
      } else if (msg.startsWith("Initialised a new PostgreSQL cluster")) {
        initdb = dur;
      } else if (msg.startsWith("PostgreSQL ready")) {
        clusterStart = dur; // PostgresCluster.start: initdb (if any) + launch + wait for connections
        pgReadyAt = at;
      }
    }
    Map<String, Double> m = new LinkedHashMap<>();
    if (pgReadyAt == null || pgReadyAt < 0) {
      return m; // no info log (or clock wrapped at midnight): no breakdown
    }
    double pgStepsStart = pgReadyAt - clusterStart - (extract == null ? 0 : extract);
    m.put("jvm_boot_and_setup", pgStepsStart);
    if (extract != null) {
      m.put("extract_binaries", extract);
    }
    if (initdb != null) {
      m.put("initdb", initdb);
    }
    m.put("postgres_launch", clusterStart - (initdb == null ? 0 : initdb));
    double listenAt = (listenNanos - spawnNanos) / 1e6;
    m.put("pg_ready_to_listening", listenAt - pgReadyAt);
    return m;
  }

  /** SIGTERM, wait (bounded), then SIGKILL whatever of our tree is left. Returns ms to exit. */
  double stop(Duration timeout) {
    List<ProcessHandle> tree = new ArrayList<>(knownDescendants);
    try {
      process.descendants().forEach(tree::add);
    } catch (Exception ignored) {
      // already gone
    }
    long t0 = System.nanoTime();
    double took = -1;
    try {
      process.destroy();
      if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        took = (System.nanoTime() - t0) / 1e6;
      } else {
        System.err.println("bench: " + label + " did not exit within " + timeout + " of SIGTERM; killing");
      }
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly();
        try {
          process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
      }
      // Postgres should be gone with the JVM; make sure (only PIDs that were our descendants).
      long pgDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      for (ProcessHandle h : tree) {
        while (h.isAlive() && System.nanoTime() < pgDeadline) {
          try {
            Thread.sleep(20);
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            break;
          }
        }
        if (h.isAlive()) {
          System.err.println("bench: " + label + ": child " + h.pid() + " outlived the emulator; killing it");
          h.destroyForcibly();
        }
      }
      Bench.LIVE.remove(this);
    }
    return took;
  }

  /** Stops every emulator the bench started. */
  static void killAll() {
    for (Emulator e : Bench.LIVE) {
      e.stop(Duration.ofSeconds(10));
    }
  }
}

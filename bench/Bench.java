// run402-local benchmark: cold/warm start, provision latency, SQL round trip vs raw JDBC, RSS,
// REST (/rest/v1) throughput and latency vs the same queries over raw JDBC.
//
// Not a test. Run it with:
//   bench/run.sh [--quick]   (compiles bench/*.java against the standalone jar, then runs Bench)
// Results: a table on stdout and bench/results/latest.json.
// Every process it starts is tracked and killed in a finally block (and a shutdown hook); every wait
// has a timeout. See bench/README.md.

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

public final class Bench {
  // Targets (from the performance brief). Goals are the stretch figures.
  static final double TARGET_WARM_MS = 2000, GOAL_WARM_MS = 1000;
  static final double TARGET_FIRST_RUN_MS = 5000;
  static final double TARGET_PROVISION_P50_MS = 60, GOAL_PROVISION_P50_MS = 30;
  static final double TARGET_IDLE_JVM_RSS_MB = 250;

  static final Duration LISTEN_TIMEOUT_COLD = Duration.ofSeconds(180);
  static final Duration LISTEN_TIMEOUT_WARM = Duration.ofSeconds(60);
  static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(30);
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  static final List<Emulator> LIVE = new CopyOnWriteArrayList<>();

  final boolean quick;
  final boolean restOnly;
  boolean paymentsOnly;
  boolean storageOnly;
  boolean deployOnly;
  boolean functionsOnly;
  int restThreads = 8;
  final Path jar;
  final Path work;
  final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  final ObjectNode results = JSON.createObjectNode();
  final ResultTable table = new ResultTable();

  final Starts starts;

  Bench(boolean quick, boolean restOnly, Path jar, Path work) {
    this.quick = quick;
    this.restOnly = restOnly;
    this.jar = jar;
    this.work = work;
    this.starts = new Starts(http, jar);
  }

  public static void main(String[] args) throws Exception {
    BenchArgs a = BenchArgs.parse(args);
    if (a == null) {
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(Emulator::killAll, "bench-cleanup"));
    Path work = Files.createTempDirectory("run402-bench-");
    // Postgres may run as another user (setpriv isolation): let it traverse into its data dir.
    Files.setPosixFilePermissions(work, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    int rc = 0;
    try {
      Bench b = new Bench(a.quick(), a.restOnly(), a.jar(), work);
      b.restThreads = a.restThreads();
      b.paymentsOnly = a.paymentsOnly();
      b.storageOnly = a.storageOnly();
      b.deployOnly = a.deployOnly();
      b.functionsOnly = a.functionsOnly();
      b.run(a.out());
    } catch (Throwable t) {
      System.err.println("bench: FAILED: " + t);
      t.printStackTrace();
      rc = 1;
    } finally {
      Emulator.killAll();
      Stats.deleteTree(work);
    }
    System.exit(rc);
  }

  /**
   * Warm starts as ./run402-local.sh makes them: one run that archives the classes it loads at exit (AppCDS), then
   * starts that map the archive. Graded against the same target as the plain {@code java -jar} starts above.
   */
  private void warmWithCds(Path cache, Path data, int runs) throws Exception {
    Path archive = work.resolve("run402-local.jsa");
    List<String> quiet = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    List<String> dump = new ArrayList<>(quiet);
    dump.add("-XX:ArchiveClassesAtExit=" + archive);
    starts.startStop(dump, cache, data, LISTEN_TIMEOUT_WARM, "cds dump");
    List<String> use = new ArrayList<>(quiet);
    use.add("-XX:SharedArchiveFile=" + archive);
    List<Double> health = new ArrayList<>();
    List<Double> listen = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      Starts.StartResult r = starts.startStop(use, cache, data, LISTEN_TIMEOUT_WARM, "cds #" + (i + 1));
      health.add(r.healthMs);
      listen.add(r.listenMs);
    }
    ObjectNode stats = results.putObject("warm_start_cds_stats");
    Stats.putStats(stats.putObject("spawn_to_health_ms"), health);
    Stats.putStats(stats.putObject("spawn_to_listening_ms"), listen);
    double p50 = Stats.pct(health, 50);
    row("warm start, as ./run402-local.sh (AppCDS) → /health  min / p50 / max", Stats.ms(Stats.min(health)) + " / "
        + Stats.ms(p50) + " / " + Stats.ms(Stats.max(health)), "<= 2000 ms (goal 1000)",
        Stats.verdict(Stats.grade(p50, TARGET_WARM_MS, GOAL_WARM_MS)));
  }

  // ---------------------------------------------------------------------------------------------
  // The run

  void run(Path out) throws Exception {
    int coldRuns = quick ? 1 : 2;
    int warmRuns = quick ? 2 : 5;
    int provisions = quick ? 40 : 200;
    int sqlIterations = quick ? 100 : 500;
    int warmup = quick ? 30 : 50;

    System.out.printf("run402-local bench (%s mode) — jar %s%n", quick ? "quick" : "full", jar);
    System.out.printf("machine: %d cpus, %s, java %s; work dir %s%n%n", Runtime.getRuntime().availableProcessors(),
        Stats.memTotal(), System.getProperty("java.version"), work);
    results.put("date", ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
    results.put("mode", quick ? "quick" : "full");
    results.set("machine", Stats.machine());
    starts.warmUpHttpClient();
    if (restOnly) {
      only("rest", out, (e, data) -> RestBench.step(this, e, data, Wallet.random()));
      return;
    }
    if (deployOnly) {
      only("deploy", out, (e, data) -> DeployBench.step(this, e, quick));
      return;
    }
    if (functionsOnly) {
      only("functions", out, (e, data) -> FunctionBench.step(this, e, quick));
      return;
    }
    if (storageOnly) {
      only("blobs", out, (e, data) -> BlobBench.step(this, e, work, quick));
      return;
    }
    if (paymentsOnly) {
      PaymentBench.step(this, work, quick);
      finish(out);
      return;
    }

    // 0. JVM floor: `java -jar <jar> --version` spawn -> exit (JVM boot + jar open + CLI parse).
    List<Double> versionMs = new ArrayList<>();
    for (int i = 0; i < (quick ? 2 : 3); i++) {
      versionMs.add(starts.jvmVersionRun());
    }
    ObjectNode jvmFloor = results.putObject("jvm_version_cmd_ms");
    Stats.putStats(jvmFloor, versionMs);
    row("JVM floor: java -jar … --version (p50)", Stats.ms(Stats.pct(versionMs, 50)), "-", "");

    // 1. Cold start: fresh cache dir (binaries extracted) + fresh data dir (initdb).
    ArrayNode cold = results.putArray("cold_start");
    Path cache = null;
    Path data = null;
    List<Double> coldHealth = new ArrayList<>();
    List<Starts.StartResult> coldRes = new ArrayList<>();
    for (int i = 0; i < coldRuns; i++) {
      cache = work.resolve("cache-" + i);
      data = work.resolve("data-" + i);
      Starts.StartResult r = starts.startStop(cache, data, LISTEN_TIMEOUT_COLD, "cold #" + (i + 1));
      cold.add(r.toJson());
      coldRes.add(r);
      coldHealth.add(r.healthMs);
    }
    double coldFirst = coldHealth.get(0);
    row("cold start (first run) → /health 200" + (coldRuns > 1 ? " [run 1 / run 2]" : ""),
        coldRuns > 1 ? Stats.ms(coldHealth.get(0)) + " / " + Stats.ms(coldHealth.get(1)) : Stats.ms(coldFirst),
        "<= 5000 ms", Stats.verdict(coldFirst <= TARGET_FIRST_RUN_MS ? 1 : -1));
    starts.printBreakdown("cold", coldRes.get(0));

    // 2. Warm start: same cache, existing data dir.
    ArrayNode warm = results.putArray("warm_start");
    List<Double> warmHealth = new ArrayList<>();
    List<Double> warmListen = new ArrayList<>();
    List<Double> warmStop = new ArrayList<>();
    List<Starts.StartResult> warmRes = new ArrayList<>();
    for (int i = 0; i < warmRuns; i++) {
      Starts.StartResult r = starts.startStop(cache, data, LISTEN_TIMEOUT_WARM, "warm #" + (i + 1));
      warm.add(r.toJson());
      warmRes.add(r);
      warmHealth.add(r.healthMs);
      warmListen.add(r.listenMs);
      warmStop.add(r.stopMs);
    }
    ObjectNode warmStats = results.putObject("warm_start_stats");
    Stats.putStats(warmStats.putObject("spawn_to_health_ms"), warmHealth);
    Stats.putStats(warmStats.putObject("spawn_to_listening_ms"), warmListen);
    Stats.putStats(warmStats.putObject("sigterm_to_exit_ms"), warmStop);
    double warmP50 = Stats.pct(warmHealth, 50);
    row("warm start → /health 200  min / p50 / max", Stats.ms(Stats.min(warmHealth)) + " / " + Stats.ms(warmP50) + " / "
        + Stats.ms(Stats.max(warmHealth)), "<= 2000 ms (goal 1000)", Stats.verdict(Stats.grade(warmP50, TARGET_WARM_MS, GOAL_WARM_MS)));
    row("warm start → listening line (p50)", Stats.ms(Stats.pct(warmListen, 50)), "-", "");
    row("stop: SIGTERM → exit (p50)", Stats.ms(Stats.pct(warmStop, 50)), "-", "");
    starts.printBreakdown("warm", Starts.medianRun(warmRes));
    warmWithCds(cache, data, warmRuns);

    // 3-6. One warm instance for the workload.
    Emulator e = Emulator.spawn(Starts.javaCmd(), jar, cache, data, "workload");
    try {
      e.awaitListening(LISTEN_TIMEOUT_WARM);
      starts.awaitHealth(e);
      Thread.sleep(1000); // let the post-start allocations settle before reading "idle" RSS
      Rss idle = Rss.of(e.process.pid());
      results.set("rss_idle", idle.toJson());
      row("idle RSS: emulator JVM", Stats.mb(idle.jvmKb), "<= 250 MB",
          Stats.verdict(idle.jvmKb / 1024.0 <= TARGET_IDLE_JVM_RSS_MB ? 1 : -1));
      row("idle RSS: postgres (" + idle.pgProcs + " procs) sum RSS / sum PSS",
          Stats.mb(idle.pgRssKb) + " / " + Stats.mb(idle.pgPssKb), "-", "");

      // 3. Provision latency.
      Wallet wallet = Wallet.random();
      List<Double> prov = new ArrayList<>();
      String projectId = null;
      String serviceKey = null;
      for (int i = 0; i < provisions; i++) {
        String header = wallet.siwx(e.baseUrl, "/projects/v1"); // signing is not timed
        HttpRequest req = HttpRequest.newBuilder(URI.create(e.baseUrl + "/projects/v1"))
            .timeout(HTTP_TIMEOUT)
            .header("SIGN-IN-WITH-X", header)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench-" + i + "\"}"))
            .build();
        long t0 = System.nanoTime();
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
        prov.add((System.nanoTime() - t0) / 1e6);
        if (res.statusCode() != 201) {
          throw new IllegalStateException("provision #" + i + " answered " + res.statusCode() + ": " + res.body());
        }
        if (projectId == null) {
          JsonNode n = JSON.readTree(res.body());
          projectId = n.path("project_id").asText();
          serviceKey = n.path("service_key").asText();
        }
      }
      ObjectNode provJson = results.putObject("provision_ms");
      provJson.put("count", provisions);
      provJson.put("first", Stats.round(prov.get(0)));
      Stats.putStats(provJson, prov);
      double provP50 = Stats.pct(prov, 50);
      row("provision (" + provisions + " seq.) p50 / p95 / p99", Stats.ms(provP50) + " / " + Stats.ms(Stats.pct(prov, 95)) + " / "
          + Stats.ms(Stats.pct(prov, 99)), "p50 <= 60 ms (goal 30)",
          Stats.verdict(Stats.grade(provP50, TARGET_PROVISION_P50_MS, GOAL_PROVISION_P50_MS)));
      row("provision: first request / max", Stats.ms(prov.get(0)) + " / " + Stats.ms(Stats.max(prov)), "-", "");

      Rss afterProv = Rss.of(e.process.pid());
      results.set("rss_after_provisioning", afterProv.toJson());
      row("RSS after provisioning: JVM / postgres sum RSS / PSS", Stats.mb(afterProv.jvmKb) + " / "
          + Stats.mb(afterProv.pgRssKb) + " / " + Stats.mb(afterProv.pgPssKb) + " (" + afterProv.pgProcs + " procs)", "-", "");

      SqlBench.step(this, e, data, projectId, serviceKey, warmup, sqlIterations); // 4 + 5

      // 7. REST over HTTP vs the same queries over JDBC.
      RestBench.step(this, e, data, wallet);
    } finally {
      e.stop(STOP_TIMEOUT);
    }

    PaymentBench.step(this, work, quick); // 8. x402 verify + settle throughput
    finish(out);
  }

  /** One focused step run against an emulator the bench started for it. */
  @FunctionalInterface
  interface Step {
    void run(Emulator e, Path data) throws Exception;
  }

  /**
   * {@code --rest-only}, {@code --storage-only}, {@code --deploy-only}, {@code --functions-only}: one
   * fresh emulator, only that step (for iterating on one part's speed), then the table and results file.
   */
  void only(String label, Path out, Step step) throws Exception {
    Path data = work.resolve("data-0");
    Emulator e = Emulator.spawn(Starts.javaCmd(), jar, work.resolve("cache-0"), data, label);
    try {
      e.awaitListening(LISTEN_TIMEOUT_COLD);
      starts.awaitHealth(e);
      step.run(e, data);
    } finally {
      e.stop(STOP_TIMEOUT);
    }
    finish(out);
  }

  /** Prints the table and writes the results file. */
  void finish(Path out) throws Exception {
    table.print();
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, JSON.writeValueAsString(results) + "\n");
    System.out.println("\nwrote " + out);
  }

  /** The emulator's PostgreSQL as a JDBC URL, from /__local/info; the superuser password is in the data dir. */
  String postgresUrl(Emulator e) throws Exception {
    JsonNode info = JSON.readTree(starts.get(e.baseUrl + "/__local/info").body());
    return "jdbc:postgresql://127.0.0.1:" + info.path("postgres").path("port").asInt() + "/"
        + info.path("postgres").path("database").asText("run402") + "?connectTimeout=10&socketTimeout=30";
  }

  static String postgresPassword(Path data) throws Exception {
    return JSON.readTree(Files.readString(data.resolve("secrets.json"))).path("postgres_password").asText();
  }

  void row(String what, String value, String target, String verdict) {
    table.add(what, value, target, verdict);
  }
}

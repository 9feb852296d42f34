// run402-local benchmark: cold/warm start, provision latency, SQL round trip vs raw JDBC, RSS.
//
// Not a test. Run with the Java 17 source launcher and the standalone jar on the classpath:
//   java -cp emulator/target/run402-local-0.1.0-SNAPSHOT-standalone.jar bench/Bench.java [--quick]
// or simply bench/run.sh [--quick]. Results: a table on stdout and bench/results/latest.json.
// Every process it starts is tracked and killed in a finally block (and a shutdown hook); every wait
// has a timeout. See bench/README.md.

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

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
  final Path jar;
  final Path work;
  final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  final ObjectNode results = JSON.createObjectNode();
  final List<String[]> table = new ArrayList<>();

  Bench(boolean quick, Path jar, Path work) {
    this.quick = quick;
    this.jar = jar;
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    Path jar = null;
    Path out = Paths.get("bench", "results", "latest.json");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--jar" -> jar = Paths.get(args[++i]);
        case "--out" -> out = Paths.get(args[++i]);
        case "--help", "-h" -> {
          System.out.println("usage: bench/run.sh [--quick] [--jar PATH] [--out results.json]");
          return;
        }
        default -> {
          System.err.println("bench: unknown option " + args[i] + " (try --help)");
          System.exit(2);
        }
      }
    }
    if (jar == null) {
      jar = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
          .filter(p -> p.endsWith("-standalone.jar")).map(Paths::get).findFirst()
          .orElseThrow(() -> new IllegalStateException(
              "put the run402-local standalone jar on the classpath (-cp) or pass --jar PATH"));
    }
    jar = jar.toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no such jar: " + jar);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(Bench::killAll, "bench-cleanup"));
    Path work = Files.createTempDirectory("run402-bench-");
    // Postgres may run as another user (setpriv isolation): let it traverse into its data dir.
    Files.setPosixFilePermissions(work, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    int rc = 0;
    try {
      Bench b = new Bench(quick, jar, work);
      b.run(out);
    } catch (Throwable t) {
      System.err.println("bench: FAILED: " + t);
      t.printStackTrace();
      rc = 1;
    } finally {
      killAll();
      deleteTree(work);
    }
    System.exit(rc);
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
        memTotal(), System.getProperty("java.version"), work);
    results.put("date", ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
    results.put("mode", quick ? "quick" : "full");
    results.set("machine", machine());
    warmUpHttpClient();

    // 0. JVM floor: `java -jar <jar> --version` spawn -> exit (JVM boot + jar open + CLI parse).
    List<Double> versionMs = new ArrayList<>();
    for (int i = 0; i < (quick ? 2 : 3); i++) {
      versionMs.add(jvmVersionRun());
    }
    ObjectNode jvmFloor = results.putObject("jvm_version_cmd_ms");
    putStats(jvmFloor, versionMs);
    row("JVM floor: java -jar … --version (p50)", ms(pct(versionMs, 50)), "-", "");

    // 1. Cold start: fresh cache dir (binaries extracted) + fresh data dir (initdb).
    ArrayNode cold = results.putArray("cold_start");
    Path cache = null;
    Path data = null;
    List<Double> coldHealth = new ArrayList<>();
    List<StartResult> coldRes = new ArrayList<>();
    for (int i = 0; i < coldRuns; i++) {
      cache = work.resolve("cache-" + i);
      data = work.resolve("data-" + i);
      StartResult r = startStop(cache, data, LISTEN_TIMEOUT_COLD, "cold #" + (i + 1));
      cold.add(r.toJson());
      coldRes.add(r);
      coldHealth.add(r.healthMs);
    }
    double coldFirst = coldHealth.get(0);
    row("cold start (first run) → /health 200" + (coldRuns > 1 ? " [run 1 / run 2]" : ""),
        coldRuns > 1 ? ms(coldHealth.get(0)) + " / " + ms(coldHealth.get(1)) : ms(coldFirst),
        "<= 5000 ms", verdict(coldFirst <= TARGET_FIRST_RUN_MS ? 1 : -1));
    printBreakdown("cold", coldRes.get(0));

    // 2. Warm start: same cache, existing data dir.
    ArrayNode warm = results.putArray("warm_start");
    List<Double> warmHealth = new ArrayList<>();
    List<Double> warmListen = new ArrayList<>();
    List<Double> warmStop = new ArrayList<>();
    List<StartResult> warmRes = new ArrayList<>();
    for (int i = 0; i < warmRuns; i++) {
      StartResult r = startStop(cache, data, LISTEN_TIMEOUT_WARM, "warm #" + (i + 1));
      warm.add(r.toJson());
      warmRes.add(r);
      warmHealth.add(r.healthMs);
      warmListen.add(r.listenMs);
      warmStop.add(r.stopMs);
    }
    ObjectNode warmStats = results.putObject("warm_start_stats");
    putStats(warmStats.putObject("spawn_to_health_ms"), warmHealth);
    putStats(warmStats.putObject("spawn_to_listening_ms"), warmListen);
    putStats(warmStats.putObject("sigterm_to_exit_ms"), warmStop);
    double warmP50 = pct(warmHealth, 50);
    row("warm start → /health 200  min / p50 / max", ms(min(warmHealth)) + " / " + ms(warmP50) + " / "
        + ms(max(warmHealth)), "<= 2000 ms (goal 1000)", verdict(grade(warmP50, TARGET_WARM_MS, GOAL_WARM_MS)));
    row("warm start → listening line (p50)", ms(pct(warmListen, 50)), "-", "");
    row("stop: SIGTERM → exit (p50)", ms(pct(warmStop, 50)), "-", "");
    printBreakdown("warm", medianRun(warmRes));

    // 3-6. One warm instance for the workload.
    Emulator e = Emulator.spawn(javaCmd(), jar, cache, data, "workload");
    try {
      e.awaitListening(LISTEN_TIMEOUT_WARM);
      awaitHealth(e);
      Thread.sleep(1000); // let the post-start allocations settle before reading "idle" RSS
      Rss idle = Rss.of(e.process.pid());
      results.set("rss_idle", idle.toJson());
      row("idle RSS: emulator JVM", mb(idle.jvmKb), "<= 250 MB",
          verdict(idle.jvmKb / 1024.0 <= TARGET_IDLE_JVM_RSS_MB ? 1 : -1));
      row("idle RSS: postgres (" + idle.pgProcs + " procs) sum RSS / sum PSS",
          mb(idle.pgRssKb) + " / " + mb(idle.pgPssKb), "-", "");

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
      provJson.put("first", round(prov.get(0)));
      putStats(provJson, prov);
      double provP50 = pct(prov, 50);
      row("provision (" + provisions + " seq.) p50 / p95 / p99", ms(provP50) + " / " + ms(pct(prov, 95)) + " / "
          + ms(pct(prov, 99)), "p50 <= 60 ms (goal 30)",
          verdict(grade(provP50, TARGET_PROVISION_P50_MS, GOAL_PROVISION_P50_MS)));
      row("provision: first request / max", ms(prov.get(0)) + " / " + ms(max(prov)), "-", "");

      Rss afterProv = Rss.of(e.process.pid());
      results.set("rss_after_provisioning", afterProv.toJson());
      row("RSS after provisioning: JVM / postgres sum RSS / PSS", mb(afterProv.jvmKb) + " / "
          + mb(afterProv.pgRssKb) + " / " + mb(afterProv.pgPssKb) + " (" + afterProv.pgProcs + " procs)", "-", "");

      // 4 + 5. SQL round trips over HTTP, and the same Postgres over raw JDBC, interleaved per iteration so
      // that both see the same machine noise (the ratio is what matters on a shared box).
      String sqlUrl = e.baseUrl + "/projects/v1/admin/" + projectId + "/sql";
      String auth = "Bearer " + serviceKey;
      JsonNode created = sql(sqlUrl, auth, "text/plain",
          "CREATE TABLE bench_items (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name TEXT NOT NULL, qty INT)");
      String schema = created.path("schema").asText("");
      if (schema.isBlank()) {
        throw new IllegalStateException("the SQL response names no schema: " + created);
      }
      JsonNode info = JSON.readTree(get(e.baseUrl + "/__local/info").body());
      int pgPort = info.path("postgres").path("port").asInt();
      String db = info.path("postgres").path("database").asText("run402");
      String password = JSON.readTree(Files.readString(data.resolve("secrets.json"))).path("postgres_password").asText();
      DriverManager.setLoginTimeout(10);
      String url = "jdbc:postgresql://127.0.0.1:" + pgPort + "/" + db + "?connectTimeout=10&socketTimeout=30";

      List<Double> httpSelect1 = new ArrayList<>();
      List<Double> httpInsert = new ArrayList<>();
      List<Double> httpSelectParam = new ArrayList<>();
      List<Double> jdbcSelect1 = new ArrayList<>();
      List<Double> jdbcSelectParam = new ArrayList<>();
      try (Connection c = DriverManager.getConnection(url, "postgres", password);
          Statement st = c.createStatement();
          PreparedStatement ps = c.prepareStatement(
              "SELECT id, name, qty FROM \"" + schema.replace("\"", "\"\"") + "\".bench_items WHERE id = ?")) {
        st.setQueryTimeout(30);
        ps.setQueryTimeout(30);
        for (int i = 0; i < warmup + sqlIterations; i++) {
          boolean keep = i >= warmup;
          // HTTP SELECT 1 (text/plain body)
          long t0 = System.nanoTime();
          JsonNode r = sql(sqlUrl, auth, "text/plain", "SELECT 1");
          double v = (System.nanoTime() - t0) / 1e6;
          if (r.path("rows").size() != 1) {
            throw new IllegalStateException("SELECT 1 returned " + r);
          }
          if (keep) {
            httpSelect1.add(v);
          }
          // JDBC SELECT 1, same Postgres
          t0 = System.nanoTime();
          try (ResultSet rs = st.executeQuery("SELECT 1")) {
            rs.next();
            rs.getInt(1);
          }
          v = (System.nanoTime() - t0) / 1e6;
          if (keep) {
            jdbcSelect1.add(v);
          }
          // HTTP insert with params (JSON body)
          String ins = JSON.writeValueAsString(Map.of(
              "sql", "INSERT INTO bench_items (name, qty) VALUES ($1, $2) RETURNING id",
              "params", List.of("item-" + i, i)));
          t0 = System.nanoTime();
          r = sql(sqlUrl, auth, "application/json", ins);
          v = (System.nanoTime() - t0) / 1e6;
          long id = r.path("rows").path(0).path("id").asLong(-1);
          if (id < 0) {
            throw new IllegalStateException("INSERT … RETURNING id returned " + r);
          }
          if (keep) {
            httpInsert.add(v);
          }
          // HTTP select by id with params
          String sel = JSON.writeValueAsString(Map.of(
              "sql", "SELECT id, name, qty FROM bench_items WHERE id = $1", "params", List.of(id)));
          t0 = System.nanoTime();
          r = sql(sqlUrl, auth, "application/json", sel);
          v = (System.nanoTime() - t0) / 1e6;
          if (r.path("rows").size() != 1) {
            throw new IllegalStateException("SELECT by id returned " + r);
          }
          if (keep) {
            httpSelectParam.add(v);
          }
          // JDBC prepared select of the same row
          ps.setLong(1, id);
          t0 = System.nanoTime();
          int n = 0;
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              rs.getString(2);
              n++;
            }
          }
          v = (System.nanoTime() - t0) / 1e6;
          if (n != 1) {
            throw new IllegalStateException("JDBC select by id found " + n + " rows");
          }
          if (keep) {
            jdbcSelectParam.add(v);
          }
        }
      }

      ObjectNode sqlJson = results.putObject("sql_ms");
      sqlJson.put("iterations", sqlIterations);
      sqlJson.put("warmup_iterations_excluded", warmup);
      putStats(sqlJson.putObject("http_select_1"), httpSelect1);
      putStats(sqlJson.putObject("http_insert_params"), httpInsert);
      putStats(sqlJson.putObject("http_select_by_id_params"), httpSelectParam);
      putStats(sqlJson.putObject("jdbc_select_1"), jdbcSelect1);
      putStats(sqlJson.putObject("jdbc_select_by_id_prepared"), jdbcSelectParam);
      double ratio = pct(httpSelect1, 50) / pct(jdbcSelect1, 50);
      sqlJson.put("ratio_http_select_1_p50_over_jdbc_p50", round(ratio));
      row("SQL HTTP `SELECT 1` (" + sqlIterations + ") p50 / p95", ms(pct(httpSelect1, 50)) + " / "
          + ms(pct(httpSelect1, 95)), "-", "");
      row("SQL HTTP insert w/ params p50 / p95", ms(pct(httpInsert, 50)) + " / " + ms(pct(httpInsert, 95)), "-", "");
      row("SQL HTTP select by id w/ params p50 / p95",
          ms(pct(httpSelectParam, 50)) + " / " + ms(pct(httpSelectParam, 95)), "-", "");
      row("JDBC `SELECT 1` same Postgres p50 / p95", ms(pct(jdbcSelect1, 50)) + " / " + ms(pct(jdbcSelect1, 95)),
          "-", "");
      row("JDBC prepared select by id p50 / p95",
          ms(pct(jdbcSelectParam, 50)) + " / " + ms(pct(jdbcSelectParam, 95)), "-", "");
      row("ratio HTTP SELECT 1 p50 / JDBC p50", String.format(Locale.ROOT, "%.1fx", ratio), "-", "");

      Rss afterSql = Rss.of(e.process.pid());
      results.set("rss_after_sql", afterSql.toJson());
      row("RSS after SQL runs: JVM / postgres sum RSS / PSS", mb(afterSql.jvmKb) + " / " + mb(afterSql.pgRssKb)
          + " / " + mb(afterSql.pgPssKb) + " (" + afterSql.pgProcs + " procs)", "-", "");
    } finally {
      e.stop(STOP_TIMEOUT);
    }

    printTable();
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, JSON.writeValueAsString(results) + "\n");
    System.out.println("\nwrote " + out);
  }

  // ---------------------------------------------------------------------------------------------
  // Start/stop measurement

  StartResult startStop(Path cache, Path data, Duration listenTimeout, String label) throws Exception {
    Emulator e = Emulator.spawn(javaCmd(), jar, cache, data, label);
    StartResult r = new StartResult(label);
    try {
      e.awaitListening(listenTimeout);
      r.listenMs = (e.listenNanos - e.spawnNanos) / 1e6;
      long healthNanos = awaitHealth(e);
      r.healthMs = (healthNanos - e.spawnNanos) / 1e6;
      r.phases = e.phases();
    } finally {
      r.stopMs = e.stop(STOP_TIMEOUT);
    }
    System.out.printf("  %-8s spawn→listening %7.0f ms, spawn→/health %7.0f ms, SIGTERM→exit %5.0f ms%n", label,
        r.listenMs, r.healthMs, r.stopMs);
    return r;
  }

  long awaitHealth(Emulator e) throws Exception {
    long deadline = System.nanoTime() + HEALTH_TIMEOUT.toNanos();
    HttpRequest req = HttpRequest.newBuilder(URI.create(e.baseUrl + "/health")).timeout(Duration.ofSeconds(5))
        .GET().build();
    while (true) {
      try {
        HttpResponse<Void> res = http.send(req, HttpResponse.BodyHandlers.discarding());
        if (res.statusCode() == 200) {
          return System.nanoTime();
        }
      } catch (IOException ignored) {
        // not accepting yet
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(e.label + ": /health not 200 within " + HEALTH_TIMEOUT);
      }
      if (!e.process.isAlive()) {
        throw new IllegalStateException(e.label + ": emulator exited: " + e.stderrTail());
      }
      Thread.sleep(5);
    }
  }

  double jvmVersionRun() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(javaCmd(), "-jar", jar.toString(), "--version")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    long t0 = System.nanoTime();
    Process p = pb.start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("java -jar --version did not exit within 60 s");
      }
      return (System.nanoTime() - t0) / 1e6;
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** The first use of java.net.http loads a lot of classes; do it before anything is timed. */
  void warmUpHttpClient() throws Exception {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    s.createContext("/", ex -> {
      byte[] b = "{}".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    s.start();
    try {
      String base = "http://127.0.0.1:" + s.getAddress().getPort();
      for (int i = 0; i < 50; i++) {
        http.send(HttpRequest.newBuilder(URI.create(base + "/x")).timeout(HTTP_TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofString("SELECT 1")).build(), HttpResponse.BodyHandlers.ofString());
        http.send(HttpRequest.newBuilder(URI.create(base + "/health")).timeout(HTTP_TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.discarding());
      }
    } finally {
      s.stop(0);
    }
    Wallet.random().siwx("http://127.0.0.1:1", "/projects/v1"); // load web3j/bouncycastle too
  }

  JsonNode sql(String url, String auth, String contentType, String body) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(HTTP_TIMEOUT)
        .header("Authorization", auth).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() != 200) {
      throw new IllegalStateException("SQL answered " + res.statusCode() + ": " + res.body());
    }
    return JSON.readTree(res.body());
  }

  HttpResponse<String> get(String url) throws Exception {
    HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(HTTP_TIMEOUT).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() != 200) {
      throw new IllegalStateException("GET " + url + " answered " + res.statusCode() + ": " + res.body());
    }
    return res;
  }

  static String javaCmd() {
    return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }

  static final class StartResult {
    final String label;
    double listenMs = -1;
    double healthMs = -1;
    double stopMs = -1;
    Map<String, Double> phases = Map.of();

    StartResult(String label) {
      this.label = label;
    }

    ObjectNode toJson() {
      ObjectNode n = JSON.createObjectNode();
      n.put("label", label);
      n.put("spawn_to_listening_ms", round(listenMs));
      n.put("spawn_to_health_ms", round(healthMs));
      n.put("sigterm_to_exit_ms", round(stopMs));
      ObjectNode p = n.putObject("phases_ms");
      phases.forEach((k, v) -> p.put(k, round(v)));
      if (!phases.isEmpty()) {
        p.put("listening_to_health", round(healthMs - listenMs));
      }
      return n;
    }
  }

  void printBreakdown(String what, StartResult run) {
    if (run.phases.isEmpty()) {
      return;
    }
    List<String> parts = new ArrayList<>();
    run.phases.forEach((k, v) -> parts.add(k + " " + ms(v)));
    parts.add("listening_to_health " + ms(run.healthMs - run.listenMs));
    System.out.printf("  %s start breakdown (%s; from the emulator's info log): %s%n", what, run.label,
        String.join(", ", parts));
  }

  static StartResult medianRun(List<StartResult> runs) {
    List<StartResult> l = new ArrayList<>(runs);
    l.sort(Comparator.comparingDouble(r -> r.healthMs));
    return l.get((l.size() - 1) / 2);
  }

  // ---------------------------------------------------------------------------------------------
  // The emulator process

  static final class Emulator {
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
      ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar.toString(), "--port", "0",
          "--data-dir", data.toString(), "--cache-dir", cache.toString(), "--log-level", "info");
      pb.environment().keySet().removeIf(k -> k.startsWith("RUN402_LOCAL_"));
      LocalTime clock = LocalTime.now();
      long t0 = System.nanoTime();
      Process p = pb.start();
      Emulator e = new Emulator(label, p, t0, clock);
      LIVE.add(e);
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
        LIVE.remove(this);
      }
      return took;
    }
  }

  static void killAll() {
    for (Emulator e : LIVE) {
      e.stop(Duration.ofSeconds(10));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // RSS

  static final class Rss {
    long jvmKb;
    long pgRssKb;
    long pgPssKb;
    int pgProcs;

    static Rss of(long jvmPid) {
      Rss r = new Rss();
      r.jvmKb = statusKb(jvmPid, "VmRSS:");
      List<ProcessHandle> kids = ProcessHandle.of(jvmPid).map(h -> h.descendants().collect(Collectors.toList()))
          .orElse(List.of());
      for (ProcessHandle h : kids) {
        long rss = statusKb(h.pid(), "VmRSS:");
        if (rss < 0) {
          continue;
        }
        r.pgProcs++;
        r.pgRssKb += rss;
        long pss = smapsRollupKb(h.pid(), "Pss:");
        r.pgPssKb += Math.max(0, pss);
      }
      return r;
    }

    ObjectNode toJson() {
      ObjectNode n = JSON.createObjectNode();
      n.put("jvm_rss_mb", round(jvmKb / 1024.0));
      n.put("postgres_processes", pgProcs);
      n.put("postgres_rss_sum_mb", round(pgRssKb / 1024.0));
      n.put("postgres_pss_sum_mb", round(pgPssKb / 1024.0));
      n.put("note", "RSS sums double-count shared_buffers and shared libraries; PSS apportions shared pages");
      return n;
    }

    static long statusKb(long pid, String key) {
      return readKb(Paths.get("/proc", Long.toString(pid), "status"), key);
    }

    static long smapsRollupKb(long pid, String key) {
      return readKb(Paths.get("/proc", Long.toString(pid), "smaps_rollup"), key);
    }

    static long readKb(Path file, String key) {
      try (Stream<String> lines = Files.lines(file)) {
        Optional<String> l = lines.filter(s -> s.startsWith(key)).findFirst();
        return l.map(s -> Long.parseLong(s.substring(key.length()).trim().split("\\s+")[0])).orElse(-1L);
      } catch (IOException | RuntimeException e) {
        return -1;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // SIWX signing: the emulator's own signer (runtime.auth.SiwxSigner), from the jar on the classpath

  static final class Wallet {
    private final com.run402.local.runtime.auth.SiwxSigner signer = com.run402.local.runtime.auth.SiwxSigner.random();

    static Wallet random() {
      return new Wallet();
    }

    String siwx(String apiBase, String pathAndQuery) {
      return signer.header(apiBase, pathAndQuery, Instant.now());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Stats, formatting, misc

  /** Nearest-rank percentile. */
  static double pct(List<Double> xs, double p) {
    double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int rank = (int) Math.ceil(p / 100.0 * s.length);
    return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
  }

  static double min(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  static double max(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  static void putStats(ObjectNode n, List<Double> xs) {
    n.put("n", xs.size());
    n.put("min", round(min(xs)));
    n.put("p50", round(pct(xs, 50)));
    n.put("p95", round(pct(xs, 95)));
    n.put("p99", round(pct(xs, 99)));
    n.put("max", round(max(xs)));
    n.put("mean", round(xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)));
  }

  static double round(double v) {
    return Math.round(v * 100.0) / 100.0;
  }

  static String ms(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%.0f ms", v) : String.format(Locale.ROOT, "%.2f ms", v);
  }

  static String mb(long kb) {
    return kb < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MB", kb / 1024.0);
  }

  /** 2 = goal met, 1 = target met, -1 = target missed. */
  static int grade(double v, double target, double goal) {
    return v <= goal ? 2 : v <= target ? 1 : -1;
  }

  static String verdict(int g) {
    return switch (g) {
      case 2 -> "GOAL MET";
      case 1 -> "ok";
      case 0 -> "mixed";
      default -> "MISSED";
    };
  }

  void row(String what, String value, String target, String verdict) {
    table.add(new String[] {what, value, target, verdict});
  }

  void printTable() {
    int[] w = {0, 0, 0, 0};
    String[] head = {"measure", "figure", "target", "vs target"};
    List<String[]> all = new ArrayList<>();
    all.add(head);
    all.addAll(table);
    for (String[] r : all) {
      for (int i = 0; i < 4; i++) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    System.out.println();
    String fmt = "%-" + w[0] + "s  %" + w[1] + "s  %-" + w[2] + "s  %s%n";
    System.out.printf(fmt, (Object[]) head);
    System.out.println("-".repeat(w[0] + w[1] + w[2] + w[3] + 6));
    for (String[] r : table) {
      System.out.printf(fmt, (Object[]) r);
    }
  }

  static String memTotal() {
    long kb = Rss.readKb(Paths.get("/proc/meminfo"), "MemTotal:");
    return kb < 0 ? "unknown RAM" : String.format(Locale.ROOT, "%.1f GiB RAM", kb / 1024.0 / 1024.0);
  }

  static ObjectNode machine() {
    ObjectNode m = JSON.createObjectNode();
    m.put("cpus", Runtime.getRuntime().availableProcessors());
    m.put("mem_total_mb", round(Rss.readKb(Paths.get("/proc/meminfo"), "MemTotal:") / 1024.0));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    return m;
  }

  static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort
        }
      });
    } catch (IOException ignored) {
      // best effort
    }
  }
}

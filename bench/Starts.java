// Part of the run402-local benchmark (bench/run.sh); see Bench.java.

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starting and stopping the emulator under measurement, and the HTTP calls the bench times. */
final class Starts {
  private final HttpClient http;
  private final Path jar;

  Starts(HttpClient http, Path jar) {
    this.http = http;
    this.jar = jar;
  }
  // ---------------------------------------------------------------------------------------------

  StartResult startStop(Path cache, Path data, Duration listenTimeout, String label) throws Exception {
    return startStop(List.of(), cache, data, listenTimeout, label);
  }

  StartResult startStop(List<String> jvmFlags, Path cache, Path data, Duration listenTimeout, String label)
      throws Exception {
    Emulator e = Emulator.spawn(javaCmd(), jvmFlags, jar, cache, data, label);
    StartResult r = new StartResult(label);
    try {
      e.awaitListening(listenTimeout);
      r.listenMs = (e.listenNanos - e.spawnNanos) / 1e6;
      long healthNanos = awaitHealth(e);
      r.healthMs = (healthNanos - e.spawnNanos) / 1e6;
      r.phases = e.phases();
    } finally {
      r.stopMs = e.stop(Bench.STOP_TIMEOUT);
    }
    System.out.printf("  %-8s spawn→listening %7.0f ms, spawn→/health %7.0f ms, SIGTERM→exit %5.0f ms%n", label,
        r.listenMs, r.healthMs, r.stopMs);
    return r;
  }

  long awaitHealth(Emulator e) throws Exception {
    long deadline = System.nanoTime() + Bench.HEALTH_TIMEOUT.toNanos();
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
        throw new IllegalStateException(e.label + ": /health not 200 within " + Bench.HEALTH_TIMEOUT);
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
        http.send(HttpRequest.newBuilder(URI.create(base + "/x")).timeout(Bench.HTTP_TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofString("SELECT 1")).build(), HttpResponse.BodyHandlers.ofString());
        http.send(HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Bench.HTTP_TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.discarding());
      }
    } finally {
      s.stop(0);
    }
    Wallet.random().siwx("http://127.0.0.1:1", "/projects/v1"); // load web3j/bouncycastle too
  }

  JsonNode sql(String url, String auth, String contentType, String body) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Bench.HTTP_TIMEOUT)
        .header("Authorization", auth).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() != 200) {
      throw new IllegalStateException("SQL answered " + res.statusCode() + ": " + res.body());
    }
    return Bench.JSON.readTree(res.body());
  }

  HttpResponse<String> get(String url) throws Exception {
    HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Bench.HTTP_TIMEOUT).GET().build(),
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
      ObjectNode n = Bench.JSON.createObjectNode();
      n.put("label", label);
      n.put("spawn_to_listening_ms", Stats.round(listenMs));
      n.put("spawn_to_health_ms", Stats.round(healthMs));
      n.put("sigterm_to_exit_ms", Stats.round(stopMs));
      ObjectNode p = n.putObject("phases_ms");
      phases.forEach((k, v) -> p.put(k, Stats.round(v)));
      if (!phases.isEmpty()) {
        p.put("listening_to_health", Stats.round(healthMs - listenMs));
      }
      return n;
    }
  }

  void printBreakdown(String what, StartResult run) {
    if (run.phases.isEmpty()) {
      return;
    }
    List<String> parts = new ArrayList<>();
    run.phases.forEach((k, v) -> parts.add(k + " " + Stats.ms(v)));
    parts.add("listening_to_health " + Stats.ms(run.healthMs - run.listenMs));
    System.out.printf("  %s start breakdown (%s; from the emulator's info log): %s%n", what, run.label,
        String.join(", ", parts));
  }

  static StartResult medianRun(List<StartResult> runs) {
    List<StartResult> l = new ArrayList<>(runs);
    l.sort(Comparator.comparingDouble(r -> r.healthMs));
    return l.get((l.size() - 1) / 2);
  }

}

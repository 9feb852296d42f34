// Part of the run402-local benchmark (bench/run.sh); see Bench.java.

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Step 11 ({@code --functions-only}): one {@code export default async (req) => new Response("ok")} handler
 * deployed to the emulator and invoked over keep-alive (warm p50/p99 sequentially, in blocks of {@value #BLOCK}
 * calls alternating with the plain server, then throughput with
 * {@value #THREADS} client threads), against the same handler behind a plain Node {@code http} server on this
 * machine; plus cold start (first call after a deploy, which starts the project's worker) and deploy time.
 */
final class FunctionBench {
  private static final int THREADS = 8;
  /**
   * Calls before measuring, on each side: a count, not a time, because what has to happen is HotSpot's C2
   * compiling the request path (its thresholds are invocation counts, about 10,000 per method); after 2 s of
   * warm-up the JIT was still compiling and the emulator's p50 read 1.5x higher than once it settled.
   */
  private static final int WARM_UP_CALLS = 20_000;
  private static final int QUICK_WARM_UP_CALLS = 5_000;
  private static final int BLOCK = 100;
  private static final String HANDLER = "export default async (req) => new Response(\"ok\", { headers: { \"content-type\": \"text/plain\" } });";
  private static final String PLAIN_NODE = "const handler = async (req) => new Response('ok', { headers: { 'content-type': 'text/plain' } });"
      + "require('http').createServer(async (q, s) => { const r = await handler(new Request('http://x' + q.url, { method: q.method }));"
      + " s.writeHead(r.status, Object.fromEntries(r.headers)); s.end(Buffer.from(await r.arrayBuffer())); })"
      + ".listen(0, '127.0.0.1', function () { console.log('PORT ' + this.address().port); });";

  private FunctionBench() {}

  static void step(Bench b, Emulator e, boolean quick) throws Exception {
    int n = quick ? 500 : 3000;
    int warm = quick ? QUICK_WARM_UP_CALLS : WARM_UP_CALLS;
    Duration window = Duration.ofSeconds(quick ? 3 : 8);
    ObjectNode out = b.results.putObject("functions");
    List<Double> colds = new ArrayList<>();
    List<Double> deploys = new ArrayList<>();
    JsonNode project = null;
    for (int i = 0; i < (quick ? 2 : 4); i++) {
      project = BlobBench.project(b, e);
      long t0 = System.nanoTime();
      deploy(b, e, project);
      deploys.add((System.nanoTime() - t0) / 1e6);
      t0 = System.nanoTime();
      call(b, e.baseUrl + "/functions/v1/hello", project.get("anon_key").asText());
      colds.add((System.nanoTime() - t0) / 1e6);
    }
    String anon = project.get("anon_key").asText();
    List<Double> fn = new ArrayList<>(n);
    List<Double> plain = new ArrayList<>(n);
    double fnRps;
    double plainRps;
    List<Double> floor;
    CpuCount fnCpu = new CpuCount();
    CpuCount plainCpu = new CpuCount();
    Process node = new ProcessBuilder("node", "-e", PLAIN_NODE).redirectErrorStream(true).start();
    try {
      BufferedReader r = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
      String line = r.readLine();
      if (line == null || !line.startsWith("PORT ")) {
        throw new IllegalStateException("plain node server did not start: " + line);
      }
      try (KeepAliveHttp http = new KeepAliveHttp(e.baseUrl, THREADS, Bench.HTTP_TIMEOUT);
          KeepAliveHttp plainHttp = new KeepAliveHttp("http://127.0.0.1:" + line.substring(5).trim(), THREADS,
              Bench.HTTP_TIMEOUT)) {
        Call emulator = () -> http.get(0, "/functions/v1/hello", "apikey", anon);
        Call plainNode = () -> plainHttp.get(0, "/", "apikey", anon);
        for (int i = 0; i < warm; i++) {
          emulator.run(); // warm-up: JIT compiled on both sides (C2 off the measured path), connections open
          plainNode.run();
        }
        // Interleaved in blocks, so that both sides meet the same moments of a shared, noisy machine.
        long[] ours = ourPids(e);
        for (int done = 0; done < n; done += BLOCK) {
          CpuCount before = CpuCount.of(ours);
          time(emulator, Math.min(BLOCK, n - done), fn);
          fnCpu.add(before, CpuCount.of(ours));
          before = CpuCount.of(node.pid());
          time(plainNode, Math.min(BLOCK, n - done), plain);
          plainCpu.add(before, CpuCount.of(node.pid()));
        }
        fnRps = throughput(http, "/functions/v1/hello", "apikey", anon, window);
        plainRps = throughput(plainHttp, "/", "apikey", anon, window);
        Call health = () -> http.get(0, "/health", "Accept", "*/*");
        time(health, warm / 4, new ArrayList<>());
        floor = new ArrayList<>(n);
        time(health, n, floor);
      }
    } finally {
      node.destroyForcibly();
      node.waitFor(5, TimeUnit.SECONDS);
    }
    double ratio = Stats.pct(fn, 50) / Stats.pct(plain, 50);
    Stats.putStats(out.putObject("gateway_floor_health_ms"), floor);
    Stats.putStats(out.putObject("warm_ms"), fn);
    Stats.putStats(out.putObject("plain_node_ms"), plain);
    Stats.putStats(out.putObject("cold_first_call_ms"), colds);
    Stats.putStats(out.putObject("deploy_ms"), deploys);
    out.put("rps", Math.round(fnRps));
    out.put("plain_node_rps", Math.round(plainRps));
    out.put("p50_ratio", Stats.round(ratio));
    ObjectNode cpu = out.putObject("cpu_per_call");
    cpu.put("emulator_and_worker_us", Stats.round(fnCpu.cpuUsPerCall(n)));
    cpu.put("emulator_and_worker_kernel_us", Stats.round(fnCpu.sysUsPerCall(n)));
    cpu.put("emulator_and_worker_switches", Stats.round(fnCpu.switchesPerCall(n)));
    cpu.put("plain_node_us", Stats.round(plainCpu.cpuUsPerCall(n)));
    cpu.put("plain_node_kernel_us", Stats.round(plainCpu.sysUsPerCall(n)));
    cpu.put("plain_node_switches", Stats.round(plainCpu.switchesPerCall(n)));
    System.out.printf("functions: warm p50 %.2f p99 %.2f ms (plain node p50 %.2f p99 %.2f), %d vs %d req/s, cold %.0f ms%n",
        Stats.pct(fn, 50), Stats.pct(fn, 99), Stats.pct(plain, 50), Stats.pct(plain, 99), Math.round(fnRps),
        Math.round(plainRps), Stats.pct(colds, 50));
    b.row("function warm invoke p50 / p99", Stats.ms(Stats.pct(fn, 50)) + " / " + Stats.ms(Stats.pct(fn, 99)), "-", "");
    b.row("plain Node http, same handler p50 / p99", Stats.ms(Stats.pct(plain, 50)) + " / "
        + Stats.ms(Stats.pct(plain, 99)), "-", "");
    b.row("warm p50 ratio emulator / plain Node", String.format(java.util.Locale.ROOT, "%.2fx", ratio), "<= 2x",
        Stats.verdict(ratio <= 2 ? 1 : -1));
    b.row("CPU per warm call (kernel), voluntary switches", String.format(java.util.Locale.ROOT,
        "%.0f us (%.0f), %.1f", fnCpu.cpuUsPerCall(n), fnCpu.sysUsPerCall(n), fnCpu.switchesPerCall(n)), "-", "");
    b.row("  plain Node, same handler", String.format(java.util.Locale.ROOT, "%.0f us (%.0f), %.1f",
        plainCpu.cpuUsPerCall(n), plainCpu.sysUsPerCall(n), plainCpu.switchesPerCall(n)), "-", "");
    b.row("gateway floor: GET /health p50 / p99 (no function)", Stats.ms(Stats.pct(floor, 50)) + " / "
        + Stats.ms(Stats.pct(floor, 99)), "-", "");
    b.row("function throughput (" + THREADS + " threads) vs plain Node", Math.round(fnRps) + " / "
        + Math.round(plainRps) + " req/s", "-", "");
    b.row("function cold start (first call after deploy) p50", Stats.ms(Stats.pct(colds, 50)), "-", "");
    b.row("function deploy (legacy POST, esbuild) p50", Stats.ms(Stats.pct(deploys, 50)), "-", "");
  }

  /** The emulator's JVM and its project's function worker (its other children are PostgreSQL's processes). */
  private static long[] ourPids(Emulator e) {
    long[] worker = e.process.descendants().filter(h -> h.info().commandLine().orElse("").contains("worker.mjs"))
        .mapToLong(ProcessHandle::pid).toArray();
    long[] all = new long[worker.length + 1];
    all[0] = e.process.pid();
    System.arraycopy(worker, 0, all, 1, worker.length);
    return all;
  }

  private static void deploy(Bench b, Emulator e, JsonNode project) throws Exception {
    String body = Bench.JSON.writeValueAsString(Map.of("name", "hello", "code", HANDLER));
    HttpResponse<String> res = b.http.send(HttpRequest.newBuilder(URI.create(e.baseUrl + "/projects/v1/admin/"
        + project.get("project_id").asText() + "/functions")).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + project.get("service_key").asText())
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() != 201) {
      throw new IllegalStateException("function deploy answered " + res.statusCode() + ": " + res.body());
    }
  }

  private static void call(Bench b, String url, String apikey) throws Exception {
    HttpRequest.Builder q = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
    if (apikey != null) {
      q.header("apikey", apikey);
    }
    HttpResponse<String> res = b.http.send(q.build(), HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() != 200 || !res.body().equals("ok")) {
      throw new IllegalStateException(url + " answered " + res.statusCode() + ": " + res.body());
    }
  }

  /** One keep-alive call. */
  @FunctionalInterface
  private interface Call {
    void run() throws Exception;
  }

  private static void time(Call call, int n, List<Double> into) throws Exception {
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      call.run();
      into.add((System.nanoTime() - t0) / 1e6);
    }
  }

  private static double throughput(KeepAliveHttp http, String path, String header, String value, Duration window)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    AtomicLong done = new AtomicLong();
    long end = System.nanoTime() + window.toNanos();
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        fs.add(pool.submit(() -> {
          while (System.nanoTime() < end) {
            http.get(thread, path, header, value);
            done.incrementAndGet();
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get(window.toSeconds() + 60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
    return done.get() / (window.toNanos() / 1e9);
  }
}

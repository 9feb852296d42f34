// Part of the run402-local benchmark (bench/run.sh); see Bench.java and bench/README.md.
//
// REST over HTTP (/rest/v1, anon key, RLS in force) against the same queries over raw JDBC, same
// Postgres, same data, same client concurrency, measured back to back in one run.

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

final class RestBench {
  static final int ROWS = 10_000;
  static final int CATEGORIES = 50;

  /** One measured series: requests per second and per-request latencies (ms). */
  record Series(String name, double seconds, List<Double> latencies) {
    double rps() {
      return latencies.size() / seconds;
    }
  }

  /** One client thread's request; returns normally or throws (a wrong answer aborts the bench). */
  @FunctionalInterface
  interface Call {
    void run(int thread) throws Exception;
  }

  final HttpClient http;
  final String base;
  final String anonKey;
  final String jdbcUrl;
  final String pgPassword;
  final String schema;
  final int threads;
  final Duration warmup;
  final Duration measure;

  RestBench(HttpClient http, String base, String anonKey, String jdbcUrl, String pgPassword, String schema,
      int threads, Duration warmup, Duration measure) {
    this.http = http;
    this.base = base;
    this.anonKey = anonKey;
    this.jdbcUrl = jdbcUrl;
    this.pgPassword = pgPassword;
    this.schema = schema;
    this.threads = threads;
    this.warmup = warmup;
    this.measure = measure;
  }

  /** The tables, 10k rows, and the manifest that lets anon read them under RLS. */
  static String ddl() {
    return "CREATE TABLE categories (id int PRIMARY KEY, name text NOT NULL);"
        + "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2) NOT NULL,"
        + " category_id int NOT NULL REFERENCES categories, created_at timestamptz NOT NULL DEFAULT now());"
        + "CREATE INDEX items_category_id ON items (category_id);"
        + "INSERT INTO categories SELECT g, 'category ' || g FROM generate_series(1, " + CATEGORIES + ") g;"
        + "INSERT INTO items (id, name, price, category_id) SELECT g, 'item ' || g, (g % 1000) / 10.0,"
        + " g % " + CATEGORIES + " + 1 FROM generate_series(1, " + ROWS + ") g;"
        + "ANALYZE categories; ANALYZE items;";
  }

  static final String MANIFEST = "{\"tables\":["
      + "{\"name\":\"categories\",\"expose\":true,\"policy\":\"public_read_authenticated_write\"},"
      + "{\"name\":\"items\",\"expose\":true,\"policy\":\"public_read_authenticated_write\"}]}";

  // ---------------------------------------------------------------------------------------------
  // The four clients

  Call httpByPk(KeepAliveHttp fast) {
    return t -> {
      long id = 1 + ThreadLocalRandom.current().nextInt(ROWS);
      String body = fast.get(t, "/rest/v1/items?id=eq." + id, "apikey", anonKey);
      if (!body.startsWith("[{\"id\":" + id + ",")) {
        throw new IllegalStateException("GET by id " + id + " answered " + body);
      }
    };
  }

  Call httpList(KeepAliveHttp fast) {
    return t -> {
      int price = ThreadLocalRandom.current().nextInt(90);
      String body = fast.get(t, "/rest/v1/items?select=id,name,category:categories(name)&price=gt." + price
          + "&order=id.desc&limit=20", "apikey", anonKey);
      if (!body.startsWith("[{\"id\":") || !body.contains("\"category\":{\"name\":")) {
        throw new IllegalStateException("list answered " + body);
      }
    };
  }

  String get(String pathAndQuery) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Bench.HTTP_TIMEOUT)
        .header("apikey", anonKey).GET().build();
    HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() != 200) {
      throw new IllegalStateException("GET " + pathAndQuery + " answered " + res.statusCode() + ": " + res.body());
    }
    return res.body();
  }

  /** One connection per client thread, prepared once: the best case a JDBC application gets. */
  final class Jdbc implements AutoCloseable {
    final List<Connection> conns = new ArrayList<>();
    final List<PreparedStatement> byPk = new ArrayList<>();
    final List<PreparedStatement> list = new ArrayList<>();

    Jdbc() throws Exception {
      String s = "\"" + schema.replace("\"", "\"\"") + "\"";
      for (int i = 0; i < threads; i++) {
        Connection c = DriverManager.getConnection(jdbcUrl, "postgres", pgPassword);
        conns.add(c);
        byPk.add(c.prepareStatement("SELECT id, name, price, category_id, created_at FROM " + s + ".items WHERE id = ?"));
        list.add(c.prepareStatement("SELECT i.id, i.name, c.name FROM " + s + ".items i JOIN " + s
            + ".categories c ON c.id = i.category_id WHERE i.price > ? ORDER BY i.id DESC LIMIT 20"));
      }
    }

    Call byPk() {
      return t -> {
        long id = 1 + ThreadLocalRandom.current().nextInt(ROWS);
        PreparedStatement ps = byPk.get(t);
        ps.setLong(1, id);
        int n = 0;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rs.getLong(1);
            rs.getString(2);
            rs.getBigDecimal(3);
            rs.getInt(4);
            rs.getString(5);
            n++;
          }
        }
        if (n != 1) {
          throw new IllegalStateException("JDBC by id " + id + " found " + n + " rows");
        }
      };
    }

    Call list() {
      return t -> {
        PreparedStatement ps = list.get(t);
        ps.setBigDecimal(1, java.math.BigDecimal.valueOf(ThreadLocalRandom.current().nextInt(90)));
        int n = 0;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rs.getLong(1);
            rs.getString(2);
            rs.getString(3);
            n++;
          }
        }
        if (n != 20) {
          throw new IllegalStateException("JDBC list found " + n + " rows");
        }
      };
    }

    @Override
    public void close() {
      for (Connection c : conns) {
        try {
          c.close();
        } catch (Exception ignored) {
          // closing at the end of the bench; nothing to do
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The load loop

  /** {@code threads} closed-loop clients: warm-up (discarded), then a fixed duration measured. */
  Series load(String name, Call call) throws Exception {
    runFor(call, warmup, null);
    List<List<Double>> per = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      per.add(new ArrayList<>(1 << 16));
    }
    long t0 = System.nanoTime();
    runFor(call, measure, per);
    double seconds = (System.nanoTime() - t0) / 1e9;
    List<Double> all = new ArrayList<>();
    per.forEach(all::addAll);
    return new Series(name, seconds, all);
  }

  private void runFor(Call call, Duration d, List<List<Double>> record) throws Exception {
    long end = System.nanoTime() + d.toNanos();
    List<Thread> ts = new ArrayList<>();
    Throwable[] failure = new Throwable[1];
    for (int i = 0; i < threads; i++) {
      int t = i;
      Thread th = new Thread(() -> {
        try {
          while (System.nanoTime() < end && failure[0] == null) {
            long s = System.nanoTime();
            call.run(t);
            if (record != null) {
              record.get(t).add((System.nanoTime() - s) / 1e6);
            }
          }
        } catch (Throwable e) {
          failure[0] = e;
        }
      }, "bench-client-" + i);
      ts.add(th);
      th.start();
    }
    for (Thread th : ts) {
      th.join(d.toMillis() + Bench.HTTP_TIMEOUT.toMillis());
    }
    if (failure[0] != null) {
      throw new IllegalStateException("bench client failed: " + failure[0], failure[0]);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The run: HTTP and JDBC alternate twice per query, so slow drifts of a shared machine hit both.

  ObjectNode run(Bench b) throws Exception {
    ObjectNode out = Bench.JSON.createObjectNode();
    out.put("rows", ROWS);
    out.put("client_threads", threads);
    out.put("warmup_s", warmup.toMillis() / 1000.0);
    out.put("measure_s_per_pass", measure.toMillis() / 1000.0);
    try (Jdbc jdbc = new Jdbc(); KeepAliveHttp fast = new KeepAliveHttp(base, threads, Bench.HTTP_TIMEOUT)) {
      compare(b, out, "get_by_pk", "REST GET by PK", httpByPk(fast), jdbc.byPk());
      compare(b, out, "filtered_embed_list", "REST filtered+embed list", httpList(fast), jdbc.list());
    }
    return out;
  }

  private void compare(Bench b, ObjectNode out, String key, String label, Call httpCall, Call jdbcCall) throws Exception {
    List<Series> h = new ArrayList<>();
    List<Series> j = new ArrayList<>();
    for (int pass = 0; pass < 2; pass++) {
      h.add(load("http", httpCall));
      j.add(load("jdbc", jdbcCall));
    }
    Series hs = merge("http", h);
    Series js = merge("jdbc", j);
    double ratio = hs.rps() / js.rps();
    ObjectNode n = out.putObject(key);
    put(n.putObject("http"), hs);
    put(n.putObject("jdbc"), js);
    n.put("ratio_http_over_jdbc_throughput", Stats.round(ratio));
    System.out.printf(Locale.ROOT, "  %-26s HTTP %7.0f req/s p50 %6.2f p99 %6.2f ms | JDBC %7.0f req/s p50 %6.2f p99 %6.2f ms"
        + " | HTTP/JDBC %.2fx%n", label, hs.rps(), Stats.pct(hs.latencies, 50), Stats.pct(hs.latencies, 99), js.rps(),
        Stats.pct(js.latencies, 50), Stats.pct(js.latencies, 99), ratio);
    b.row(label + " HTTP: req/s, p50 / p99", rps(hs) + ", " + Stats.ms(Stats.pct(hs.latencies, 50)) + " / "
        + Stats.ms(Stats.pct(hs.latencies, 99)), "-", "");
    b.row(label + " JDBC: req/s, p50 / p99", rps(js) + ", " + Stats.ms(Stats.pct(js.latencies, 50)) + " / "
        + Stats.ms(Stats.pct(js.latencies, 99)), "-", "");
    boolean pk = key.equals("get_by_pk");
    b.row(label + " throughput HTTP / JDBC", String.format(Locale.ROOT, "%.2fx", ratio), pk ? ">= 0.5x" : "-",
        pk ? Stats.verdict(ratio >= 0.5 ? 1 : -1) : "");
  }

  private static Series merge(String name, List<Series> parts) {
    List<Double> all = new ArrayList<>();
    double s = 0;
    for (Series p : parts) {
      all.addAll(p.latencies);
      s += p.seconds;
    }
    return new Series(name, s, all);
  }

  private static void put(ObjectNode n, Series s) {
    n.put("requests", s.latencies.size());
    n.put("seconds", Stats.round(s.seconds));
    n.put("req_per_s", Stats.round(s.rps()));
    Stats.putStats(n.putObject("latency_ms"), s.latencies);
  }

  private static String rps(Series s) {
    return String.format(Locale.ROOT, "%.0f", s.rps());
  }

  /** Sanity check before timing: the anon key really reads through RLS, embeds resolve. */
  void check() throws Exception {
    JsonNode one = Bench.JSON.readTree(get("/rest/v1/items?id=eq.1"));
    JsonNode list = Bench.JSON.readTree(get("/rest/v1/items?select=id,name,category:categories(name)&price=gt.50"
        + "&order=id.desc&limit=20"));
    if (one.size() != 1 || list.size() != 20) {
      throw new IllegalStateException("anon cannot read the bench tables: " + one + " / " + list);
    }
  }

  /**
   * Step 7: a dedicated project with 10k items (FK to categories) exposed to anon under RLS;
   * GET-by-PK and a filtered, ordered, embedded list over /rest/v1 with the anon key, against the
   * same SELECTs over raw JDBC as the superuser, same Postgres, same client concurrency.
   */
  static void step(Bench b, Emulator e, Path data, Wallet wallet) throws Exception {
    String header = wallet.siwx(e.baseUrl, "/projects/v1");
    HttpResponse<String> res = b.http.send(HttpRequest.newBuilder(URI.create(e.baseUrl + "/projects/v1"))
        .timeout(Bench.HTTP_TIMEOUT).header("SIGN-IN-WITH-X", header).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench-rest\"}")).build(), HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() != 201) {
      throw new IllegalStateException("provisioning the REST bench project answered " + res.statusCode() + ": " + res.body());
    }
    JsonNode p = Bench.JSON.readTree(res.body());
    String projectId = p.path("project_id").asText();
    String auth = "Bearer " + p.path("service_key").asText();
    String schema = b.starts.sql(e.baseUrl + "/projects/v1/admin/" + projectId + "/sql", auth, "text/plain", ddl())
        .path("schema").asText("");
    HttpResponse<String> exposed = b.http.send(HttpRequest.newBuilder(URI.create(e.baseUrl + "/projects/v1/admin/" + projectId
        + "/expose")).timeout(Bench.HTTP_TIMEOUT).header("Authorization", auth).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(MANIFEST)).build(), HttpResponse.BodyHandlers.ofString());
    if (exposed.statusCode() != 200 || schema.isBlank()) {
      throw new IllegalStateException("expose answered " + exposed.statusCode() + ": " + exposed.body() + " (schema " + schema + ")");
    }
    String url = b.postgresUrl(e);
    String password = Bench.postgresPassword(data);
    int threads = b.restThreads;
    Duration warm = Duration.ofSeconds(b.quick ? 2 : 4);
    Duration measure = Duration.ofSeconds(b.quick ? 3 : 8);
    RestBench rb = new RestBench(b.http, e.baseUrl, p.path("anon_key").asText(), url, password, schema, threads, warm, measure);
    rb.check();
    System.out.printf("REST vs JDBC: %d rows, %d client threads, per query 2 x (HTTP %s s + JDBC %s s) after %s s warm-up each%n",
        ROWS, threads, measure.toSeconds(), measure.toSeconds(), warm.toSeconds());
    b.results.set("rest", rb.run(b));
    b.results.set("rss_after_rest", Rss.of(e.process.pid()).toJson());
  }
}

package com.run402.local.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.run402.local.LocalProject;
import com.run402.local.Run402Local;
import com.run402.local.server.fuzz.FuzzClient;
import com.run402.local.server.fuzz.FuzzGen;
import com.run402.local.server.fuzz.FuzzReport;
import com.run402.local.server.fuzz.FuzzRunner;
import com.run402.local.server.fuzz.FuzzSchema;
import com.run402.local.testsupport.Api;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Seeded random requests against a real emulator over real HTTP: mutated PostgREST query strings,
 * headers and bodies on every method, on {@code /admin/v1/rest} (service key, so RLS hides nothing)
 * and {@code /rest/v1} (anon key under RLS, broken credentials), tables and RPCs. Every response
 * must be below 500, carry no Java internals, and error in PostgREST's or the gateway's JSON shape
 * (see {@link com.run402.local.server.fuzz.FuzzCheck}).
 *
 * <p>Knobs: {@code -Dfuzz.seed=N} (printed on every run), {@code -Dfuzz.requests=N},
 * {@code -Dfuzz.threads=N}. A failure prints each distinct problem once, with a curl line for the
 * original request and for a shrunk one that still fails the same way.
 */
class RestFuzzIT {
  static final long DEFAULT_SEED = 402_2024L;
  static final int ROUNDS = 5;

  /** Its own instance: thousands of requests a second at one project are far over production's rate limit. */
  static Run402Local local;

  @BeforeAll
  static void start() {
    local = Run402Local.builder().port(0).rateLimitPerSecond(0).start();
  }

  @AfterAll
  static void stop() {
    if (local != null) {
      local.close();
    }
  }

  @Test
  void random_requests_never_answer_5xx_nor_leak_java_internals() throws Exception {
    long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
    int requests = Integer.getInteger("fuzz.requests", 4000);
    int threads = Integer.getInteger("fuzz.threads", 8);
    System.out.printf("RestFuzzIT: seed %d, %d requests, %d threads (rerun: -Dfuzz.seed=%d)%n", seed, requests, threads, seed);

    Api api = new Api(local.baseUri());
    LocalProject p = local.createProject("fuzz-" + System.nanoTime());
    sql(api, p, FuzzSchema.DDL);
    Api.Res exposed = api.postJson("/projects/v1/admin/" + p.projectId() + "/expose", Api.bearer(p.serviceKey()),
        FuzzSchema.MANIFEST);
    assertThat(exposed.status()).as(exposed.text()).isEqualTo(200);
    sql(api, p, FuzzSchema.SEED);
    // The generator is only useful if valid requests reach the engine: check one per path first.
    assertThat(api.get("/admin/v1/rest/items?select=id,categories(name)&limit=1", Api.bearer(p.serviceKey())).status())
        .isEqualTo(200);
    assertThat(api.get("/rest/v1/items?select=id&limit=1", Map.of("apikey", p.anonKey())).json()).hasSize(1);

    FuzzClient client = new FuzzClient(local.baseUri().getHost(), local.baseUri().getPort());
    FuzzRunner runner = new FuzzRunner(new FuzzGen(seed, p.serviceKey(), p.anonKey()), client, threads);
    long t0 = System.nanoTime();
    int per = (requests + ROUNDS - 1) / ROUNDS;
    for (int from = 0; from < requests; from += per) {
      sql(api, p, FuzzSchema.SEED); // unfiltered DELETEs would otherwise leave later rounds nothing to read
      runner.run(from, Math.min(requests, from + per), 120);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;

    FuzzReport report = new FuzzReport(runner, client.base(), Map.of(p.serviceKey(), "SERVICE_KEY", p.anonKey(), "ANON_KEY"));
    System.out.println(report.summary(seed, seconds));
    if (!runner.found().isEmpty()) {
      String details = report.failures(seed, Integer.getInteger("fuzz.shrink", 8), 40);
      System.out.println(details);
      fail(runner.found().size() + " of " + requests + " fuzz requests broke an invariant (seed " + seed + "):\n" + details);
    }
    assertThat(runner.sentCount()).isEqualTo(requests);
  }

  private static void sql(Api api, LocalProject p, String text) {
    Map<String, String> h = new HashMap<>(Api.bearer(p.serviceKey()));
    h.put("Content-Type", "text/plain");
    Api.Res r = api.send("POST", "/projects/v1/admin/" + p.projectId() + "/sql", h, text);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
  }
}

package com.run402.local.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.run402.local.Run402Local;
import com.run402.local.junit5.Run402Test;
import com.run402.local.testsupport.Api;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway-to-worker hop under load and at its edges: streamed answers, large bodies both ways, a body the
 * function never reads, a redeploy while a call is in flight, headers and HEAD, and concurrent calls.
 */
@Run402Test(payments = "free")
class FunctionStreamingIT {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Run402Local local;
  private FunctionProject fp;

  @BeforeEach
  void project(Run402Local local) {
    this.local = local;
    fp = FunctionProject.provision(new Api(local.baseUri()), "streaming");
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(local.baseUri() + path)).timeout(Duration.ofSeconds(30))
        .header("apikey", fp.anon());
  }

  @Test
  void an_answer_streams_its_first_chunk_before_the_function_finishes() throws Exception {
    String code = """
        export default async () => new Response(new ReadableStream({ async start(c) {
          c.enqueue(new TextEncoder().encode("first\\n"));
          await new Promise((r) => setTimeout(r, 3000));
          c.enqueue(new TextEncoder().encode("second\\n"));
          c.close();
        } }), { headers: { "content-type": "text/plain" } });
        """;
    assertThat(fp.deploy("drip", code, null).status()).isEqualTo(201);
    long t0 = System.nanoTime();
    HttpResponse<InputStream> r = HTTP.send(request("/functions/v1/drip").GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      assertThat(in.readLine()).isEqualTo("first");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("first chunk before the function's 3 s pause ends")
          .isLessThan(Duration.ofMillis(2500));
      assertThat(in.readLine()).isEqualTo("second");
      assertThat(in.readLine()).isNull();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(2900));
    assertThat(fp.call("GET", "/functions/v1/drip", null, Map.of()).text()).isEqualTo("first\nsecond\n");
  }

  @Test
  void a_stream_that_stalls_past_the_timeout_is_cut_and_the_next_call_works() throws Exception {
    String code = """
        export default async (req) => new URL(req.url).searchParams.has("ok") ? new Response("fine")
          : new Response(new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode("first\\n")); } }),
              { headers: { "content-type": "text/plain" } });
        """;
    assertThat(fp.deploy("stall", code, "\"config\":{\"timeout\":1}").status()).isEqualTo(201);
    HttpResponse<InputStream> r = HTTP.send(request("/functions/v1/stall").GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    long t0 = System.nanoTime();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      assertThat(in.readLine()).isEqualTo("first");
      // Cut, not cleanly ended: a silently short body would read as the whole answer.
      assertThatThrownBy(in::readLine).isInstanceOf(java.io.IOException.class);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(700), Duration.ofSeconds(8));
    assertThat(fp.call("GET", "/functions/v1/stall?ok", null, Map.of()).text()).isEqualTo("fine");
  }

  @Test
  void large_bodies_go_both_ways_intact_up_to_the_6_mib_request_limit() throws Exception {
    String code = """
        import { createHash } from "node:crypto";
        export default async (req) => {
          if (req.method === "GET") return new Response("x".repeat(3 * 1024 * 1024 + 7));
          const bytes = new Uint8Array(await req.arrayBuffer());
          return Response.json({ len: bytes.length, sha: createHash("sha256").update(bytes).digest("hex") });
        };
        """;
    assertThat(fp.deploy("big", code, null).status()).isEqualTo(201);
    byte[] upload = new byte[5 * 1024 * 1024 + 123];
    new Random(7).nextBytes(upload);
    HttpResponse<String> up = HTTP.send(request("/functions/v1/big").header("content-type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(upload)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
    assertThat(up.body()).contains("\"len\":" + upload.length)
        .contains(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(upload)));
    HttpResponse<String> tooBig = HTTP.send(request("/functions/v1/big").header("content-type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[6 * 1024 * 1024 + 1])).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(tooBig.statusCode()).as(tooBig.body()).isEqualTo(413);
    assertThat(tooBig.body()).contains("request_body_too_large");
    HttpResponse<String> chunked = HTTP.send(request("/functions/v1/big").header("content-type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[7 * 1024 * 1024])))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(chunked.statusCode()).as("a chunked body is counted as it streams: " + chunked.body()).isEqualTo(413);
    HttpResponse<byte[]> down = HTTP.send(request("/functions/v1/big").GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(down.statusCode()).isEqualTo(200);
    assertThat(down.body()).hasSize(3 * 1024 * 1024 + 7);
    assertThat(new String(down.body(), 0, 16, StandardCharsets.US_ASCII)).isEqualTo("x".repeat(16));
  }

  @Test
  void a_body_the_function_never_reads_does_not_disturb_later_calls() throws Exception {
    String code = "export default async (req) => new Response(req.method === 'POST' ? 'ignored' : 'next')";
    assertThat(fp.deploy("deaf", code, null).status()).isEqualTo(201);
    for (int round = 0; round < 3; round++) {
      HttpResponse<String> r = HTTP.send(request("/functions/v1/deaf")
          .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[4 * 1024 * 1024])).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("ignored");
      assertThat(fp.call("GET", "/functions/v1/deaf", null, Map.of()).text()).isEqualTo("next");
    }
  }

  @Test
  void a_redeploy_lets_the_call_in_flight_finish_on_the_old_code() throws Exception {
    String v1 = "export default async () => { console.log('v1 started'); await new Promise((r) => setTimeout(r, 2000));"
        + " return new Response('v1'); }";
    assertThat(fp.deploy("swap", v1, null).status()).isEqualTo(201);
    CompletableFuture<HttpResponse<String>> inFlight = HTTP.sendAsync(request("/functions/v1/swap").GET().build(),
        HttpResponse.BodyHandlers.ofString());
    String logs = "";
    for (int i = 0; i < 100 && !logs.contains("v1 started"); i++) {
      Thread.sleep(50);
      logs = fp.admin("GET", "/functions/swap/logs", null).text();
    }
    assertThat(logs).contains("v1 started");
    assertThat(fp.deploy("swap", "export default async () => new Response('v2')", null).status()).isEqualTo(201);
    assertThat(fp.call("GET", "/functions/v1/swap", null, Map.of()).text()).isEqualTo("v2");
    HttpResponse<String> old = inFlight.get(30, TimeUnit.SECONDS);
    assertThat(old.statusCode()).isEqualTo(200);
    assertThat(old.body()).isEqualTo("v1");
  }

  @Test
  void status_headers_cookies_and_head_pass_through() {
    String code = """
        export default async (req) => {
          const h = new Headers({ "content-type": "text/csv", "x-one": "1" });
          h.append("set-cookie", "a=1; Path=/");
          h.append("set-cookie", "b=2; Path=/");
          return new Response("a,b\\n1,2\\n", { status: 207, headers: h });
        };
        """;
    assertThat(fp.deploy("csv", code, null).status()).isEqualTo(201);
    Api.Res r = fp.call("GET", "/functions/v1/csv", null, Map.of());
    assertThat(r.status()).isEqualTo(207);
    assertThat(r.text()).isEqualTo("a,b\n1,2\n");
    assertThat(r.raw().headers().firstValue("content-type")).contains("text/csv");
    assertThat(r.raw().headers().firstValue("x-one")).contains("1");
    assertThat(r.raw().headers().allValues("set-cookie")).containsExactly("a=1; Path=/", "b=2; Path=/");
    Api.Res head = fp.call("HEAD", "/functions/v1/csv", null, Map.of());
    assertThat(head.status()).isEqualTo(207);
    assertThat(head.text()).isEmpty();
    assertThat(head.raw().headers().firstValue("x-one")).contains("1");
  }

  @Test
  void concurrent_calls_share_the_warm_workers() throws Exception {
    String code = "export default async (req) => { await new Promise((r) => setTimeout(r, 20));"
        + " return new Response(new URL(req.url).searchParams.get('n')); }";
    assertThat(fp.deploy("many", code, null).status()).isEqualTo(201);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 80; i++) { // under the per-project rate limit of 100 per second
        int n = i;
        answers.add(pool.submit(() -> fp.call("GET", "/functions/v1/many?n=" + n, null, Map.of()).text()));
      }
      for (int i = 0; i < answers.size(); i++) {
        assertThat(answers.get(i).get(60, TimeUnit.SECONDS)).isEqualTo(String.valueOf(i));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(local.engine().functions().liveWorkers(fp.id())).isBetween(1, 2);
  }
}

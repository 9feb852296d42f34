// Part of the run402-local benchmark (bench/run.sh); see Bench.java.

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Step 10 ({@code --deploy-only}): a 200-file site deployed the way {@code sites.deployDir} does it
 * (content plan, presigned PUTs of the missing bytes on the S3 port, 8 at a time, content commit, apply
 * plan, commit until {@code ready}): cold (every byte new) then unchanged (nothing to upload). Best of R.
 */
final class DeployBench {
  private static final int FILES = 200;
  private static final int PUT_THREADS = 8;

  private DeployBench() {}

  static void step(Bench b, Emulator e, boolean quick) throws Exception {
    int rounds = quick ? 2 : 5;
    JsonNode project = BlobBench.project(b, e);
    List<Long> cold = new ArrayList<>();
    List<Long> warm = new ArrayList<>();
    long bytes = 0;
    ExecutorService pool = Executors.newFixedThreadPool(PUT_THREADS);
    try {
      for (int r = 0; r < rounds; r++) {
        List<byte[]> files = site(new Random(1000 + r));
        bytes = files.stream().mapToLong(f -> f.length).sum();
        long t0 = System.nanoTime();
        int puts = deploy(b, e, project, files, pool);
        cold.add((System.nanoTime() - t0) / 1_000_000);
        if (puts != FILES) {
          throw new IllegalStateException("cold deploy uploaded " + puts + " files, expected " + FILES);
        }
        t0 = System.nanoTime();
        puts = deploy(b, e, project, files, pool);
        warm.add((System.nanoTime() - t0) / 1_000_000);
        if (puts != 0) {
          throw new IllegalStateException("unchanged deploy uploaded " + puts + " files, expected 0");
        }
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
    long c = cold.stream().mapToLong(Long::longValue).min().orElseThrow();
    long w = warm.stream().mapToLong(Long::longValue).min().orElseThrow();
    ObjectNode out = b.results.putObject("deploy");
    out.put("files", FILES);
    out.put("bytes", bytes);
    out.put("rounds", rounds);
    out.put("cold_ms", c);
    out.put("unchanged_ms", w);
    out.putPOJO("cold_rounds_ms", cold);
    out.putPOJO("unchanged_rounds_ms", warm);
    System.out.printf("deploy: %d files, %d bytes, best of %d: cold %d ms, unchanged %d ms%n", FILES, bytes, rounds, c, w);
    b.row("site deploy, " + FILES + " files cold (" + bytes / 1024 + " KiB)", c + " ms", "-", "");
    b.row("site deploy, same " + FILES + " files unchanged (0 bytes sent)", w + " ms", "-", "");
  }

  /** 200 files of 1-32 KiB, random bytes (no dedup between rounds). */
  private static List<byte[]> site(Random rnd) {
    List<byte[]> files = new ArrayList<>();
    for (int i = 0; i < FILES; i++) {
      byte[] f = new byte[1024 + rnd.nextInt(31 * 1024)];
      rnd.nextBytes(f);
      files.add(f);
    }
    return files;
  }

  /** One deploy, as the SDK sends it; returns how many files were PUT to the S3 port. */
  private static int deploy(Bench b, Emulator e, JsonNode project, List<byte[]> files, ExecutorService pool)
      throws Exception {
    String id = project.get("project_id").asText();
    String key = project.get("service_key").asText();
    ObjectNode contentBody = Bench.JSON.createObjectNode();
    ArrayNode content = contentBody.putArray("content");
    ObjectNode spec = Bench.JSON.createObjectNode();
    spec.putObject("spec").put("project_id", id).putObject("site").putObject("replace");
    ObjectNode replace = (ObjectNode) spec.get("spec").get("site").get("replace");
    List<String> shas = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(files.get(i)));
      shas.add(sha);
      ObjectNode ref = content.addObject().put("sha256", sha).put("size", files.get(i).length)
          .put("content_type", "application/octet-stream");
      replace.set("f/" + i + ".bin", ref.deepCopy());
    }
    JsonNode plan = post(b, e.baseUrl + "/content/v1/plans", key, contentBody.toString());
    List<Future<Integer>> puts = new ArrayList<>();
    for (JsonNode m : plan.get("missing")) {
      byte[] bytes = files.get(shas.indexOf(m.get("sha256").asText()));
      String url = m.get("parts").get(0).get("url").asText();
      String checksum = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(m.get("sha256").asText()));
      puts.add(pool.submit(() -> b.http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
          .header("x-amz-checksum-sha256", checksum).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode()));
    }
    for (Future<Integer> f : puts) {
      int status = f.get(60, TimeUnit.SECONDS);
      if (status != 200) {
        throw new IllegalStateException("presigned PUT answered " + status);
      }
    }
    post(b, e.baseUrl + "/content/v1/plans/" + plan.get("plan_id").asText() + "/commit", key, "{}");
    JsonNode applyPlan = post(b, e.baseUrl + "/apply/v1/plans", key, spec.toString());
    JsonNode commit = post(b, e.baseUrl + "/apply/v1/plans/" + applyPlan.get("plan_id").asText() + "/commit", key, "{}");
    if (!"ready".equals(commit.path("status").asText())) {
      throw new IllegalStateException("commit answered " + commit);
    }
    return puts.size();
  }

  private static JsonNode post(Bench b, String url, String serviceKey, String body) throws Exception {
    HttpResponse<String> res = b.http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + serviceKey).header("apikey", serviceKey)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + res.statusCode() + ": " + res.body());
    }
    return Bench.JSON.readTree(res.body());
  }
}

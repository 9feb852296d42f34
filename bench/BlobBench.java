// Part of the run402-local benchmark (bench/run.sh); see Bench.java.

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Step 9 ({@code --storage-only}): blob throughput of one emulator against the disk it writes to.
 * A random file of N MiB in the work dir (same file system as the data dir) is (a) copied with
 * FileChannel.transferTo + fsync, the baseline; (b) uploaded with {@code POST /apply/v1/service-asset-put}
 * (streamed from the file by HttpURLConnection, chunked, no Content-Length: hashed, written, fsynced and moved by the content store);
 * (c) downloaded with {@code GET /storage/v1/blob/:key} into a file, then fsynced. Best of R rounds, MB/s.
 */
final class BlobBench {
  private BlobBench() {}

  static void step(Bench b, Emulator e, Path work, boolean quick) throws Exception {
    int mib = quick ? 128 : 512;
    int rounds = quick ? 2 : 3;
    Path src = work.resolve("blob-src.bin");
    byte[] buf = new byte[1 << 20];
    Random rnd = new Random(42);
    try (OutputStream out = Files.newOutputStream(src)) {
      for (int i = 0; i < mib; i++) {
        rnd.nextBytes(buf);
        out.write(buf);
      }
    }
    String serviceKey = project(b, e).get("service_key").asText();
    List<Double> copy = new ArrayList<>();
    List<Double> up = new ArrayList<>();
    List<Double> down = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      Path dst = work.resolve("blob-copy-" + r + ".bin");
      long t0 = System.nanoTime();
      try (FileChannel in = FileChannel.open(src); FileChannel out = FileChannel.open(dst, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        for (long pos = 0, size = in.size(); pos < size; ) {
          pos += in.transferTo(pos, size - pos, out);
        }
        out.force(true);
      }
      copy.add(mbps(mib, t0));
      Files.delete(dst);

      String key = "bench/blob-" + r + ".bin"; // a new key each round; the same bytes (stored once)
      Files.write(src, new byte[] {(byte) r}, StandardOpenOption.APPEND); // new bytes: no dedup shortcut
      t0 = System.nanoTime();
      int status = upload(e.baseUrl, serviceKey, key, src);
      if (status != 200) {
        throw new IllegalStateException("upload answered " + status);
      }
      up.add(mbps(mib, t0));

      Path got = work.resolve("blob-down-" + r + ".bin");
      t0 = System.nanoTime();
      download(e.baseUrl, serviceKey, key, got);
      down.add(mbps(mib, t0));
      if (Files.size(got) != Files.size(src)) {
        throw new IllegalStateException("downloaded " + Files.size(got) + " bytes, expected " + Files.size(src));
      }
      Files.delete(got);
    }
    double c = Collections.max(copy);
    double u = Collections.max(up);
    double d = Collections.max(down);
    ObjectNode out = b.results.putObject("blobs");
    out.put("mib", mib);
    out.put("rounds", rounds);
    out.put("file_copy_mb_s", c);
    out.put("upload_mb_s", u);
    out.put("download_mb_s", d);
    out.putPOJO("file_copy_rounds", copy);
    out.putPOJO("upload_rounds", up);
    out.putPOJO("download_rounds", down);
    System.out.printf("blobs: %d MiB, best of %d: file copy %.0f MB/s, upload %.0f MB/s (%.2fx), download %.0f MB/s (%.2fx)%n",
        mib, rounds, c, u, u / c, d, d / c);
    b.row("file copy + fsync, same disk (" + mib + " MiB)", String.format("%.0f MB/s", c), "-", "");
    // No target: the issue asks for the comparison, not a threshold.
    b.row("blob upload, service-asset-put", String.format("%.0f MB/s (%.2fx copy)", u, u / c), "-", "");
    b.row("blob download, GET /storage/v1/blob", String.format("%.0f MB/s (%.2fx copy)", d, d / c), "-", "");
  }

  // HttpURLConnection, not the JDK HttpClient: its 16 KiB body buffers cost the client more CPU per byte
  // than the server spends (measured: 165 MB/s through HttpClient, 1 GB/s+ with curl on the same blob).

  private static int upload(String base, String serviceKey, String key, Path src) throws Exception {
    java.net.HttpURLConnection c = (java.net.HttpURLConnection) URI.create(base + "/apply/v1/service-asset-put")
        .toURL().openConnection();
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    c.setChunkedStreamingMode(COPY); // no Content-Length: the server counts while it streams
    c.setRequestProperty("Authorization", "Bearer " + serviceKey);
    c.setRequestProperty("x-run402-asset-key", key);
    c.setRequestProperty("x-run402-asset-visibility", "private");
    c.setRequestProperty("Content-Type", "application/octet-stream");
    try (InputStream in = Files.newInputStream(src); OutputStream out = c.getOutputStream()) {
      copy(in, out);
    }
    int status = c.getResponseCode();
    c.getInputStream().readAllBytes();
    return status;
  }

  private static void download(String base, String serviceKey, String key, Path dst) throws Exception {
    java.net.HttpURLConnection c = (java.net.HttpURLConnection) URI.create(base + "/storage/v1/blob/" + key)
        .toURL().openConnection();
    c.setRequestProperty("Authorization", "Bearer " + serviceKey);
    try (InputStream in = c.getInputStream(); FileChannel out = FileChannel.open(dst, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      copy(in, java.nio.channels.Channels.newOutputStream(out));
      out.force(true);
    }
  }

  private static final int COPY = 256 * 1024;

  private static void copy(InputStream in, OutputStream out) throws java.io.IOException {
    byte[] buf = new byte[COPY];
    for (int r; (r = in.readNBytes(buf, 0, buf.length)) > 0; ) {
      out.write(buf, 0, r);
    }
  }

  private static InputStream open(Path p) {
    try {
      return Files.newInputStream(p);
    } catch (java.io.IOException ex) {
      throw new java.io.UncheckedIOException(ex);
    }
  }

  private static double mbps(int mib, long t0) {
    return mib * 1.048576 / ((System.nanoTime() - t0) / 1e9);
  }

  /** A team-tier project (10 GB: the rounds' bytes stay under the storage limit): the provision response. */
  static JsonNode project(Bench b, Emulator e) throws Exception {
    Wallet w = Wallet.random();
    for (String path : List.of("/tiers/v1/team", "/projects/v1")) {
      HttpResponse<String> res = b.http.send(HttpRequest.newBuilder(URI.create(e.baseUrl + path))
          .header("SIGN-IN-WITH-X", w.siwx(e.baseUrl, path)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(path.startsWith("/projects") ? "{\"name\":\"blob-bench\"}" : "{}"))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() / 100 != 2) {
        throw new IllegalStateException(path + " answered " + res.statusCode() + ": " + res.body());
      }
      if (path.startsWith("/projects")) {
        return Bench.JSON.readTree(res.body());
      }
    }
    throw new IllegalStateException("unreachable");
  }
}

package com.run402.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.run402.local.testsupport.Api;
import com.run402.local.testsupport.StandaloneProcess;
import com.run402.local.testsupport.TestWallet;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads and downloads stream: a 1 GiB blob round-trips through the standalone jar running with
 * -Xmx256m (StandaloneProcess), by service-asset-put (chunked, no Content-Length) and GET
 * /storage/v1/blob. About 15-30 s on the 2-core machines; set -Drun402.largeBlob.mib=N to change the size.
 */
class LargeBlobIT {
  private static final long MIB = 1024 * 1024;

  @Test
  void a_1_gib_blob_round_trips_with_a_256_mib_heap(@TempDir Path tmp) throws Exception {
    long size = Long.getLong("run402.largeBlob.mib", 1024) * MIB;
    try (StandaloneProcess run = StandaloneProcess.start("--port", "0", "--payments", "free", "--rate-limit", "0",
        "--data-dir", tmp.resolve("data").toString())) {
      Api api = new Api(run.baseUri());
      TestWallet w = TestWallet.random();
      // Team tier (10 GB): at 1 GiB a prototype project (250 MB) is over its storage limit, and every
      // metered request of a full project is refused with 402, as in production.
      assertThat(api.postJson("/tiers/v1/team", api.wallet(w, "/tiers/v1/team"), "{}").status()).isBetween(200, 201);
      var p = api.postJson("/projects/v1", api.wallet(w, "/projects/v1"), "{\"name\":\"big\"}").json();
      String key = p.get("service_key").asText();
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

      Pattern up = new Pattern(size);
      HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(run.baseUri() + "/apply/v1/service-asset-put"))
          .timeout(Duration.ofMinutes(5)).header("Authorization", "Bearer " + key)
          .header("x-run402-asset-key", "big.bin").header("x-run402-asset-visibility", "private")
          .POST(HttpRequest.BodyPublishers.ofInputStream(() -> up)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
      String expected = HexFormat.of().formatHex(up.digest.digest());
      assertThat(put.body()).contains(expected).contains("\"size_bytes\":" + size);

      HttpResponse<InputStream> get = http.send(HttpRequest.newBuilder(URI.create(run.baseUri() + "/storage/v1/blob/big.bin"))
          .timeout(Duration.ofMinutes(5)).header("Authorization", "Bearer " + key).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertThat(get.statusCode()).isEqualTo(200);
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      long n = 0;
      try (InputStream in = get.body()) {
        byte[] buf = new byte[1 << 16];
        for (int r; (r = in.read(buf)) != -1; ) {
          md.update(buf, 0, r);
          n += r;
        }
      }
      assertThat(n).isEqualTo(size);
      assertThat(HexFormat.of().formatHex(md.digest())).isEqualTo(expected);
    }
  }

  /** {@code size} pseudo-random bytes generated on the fly (never held in memory), hashed as read. */
  static final class Pattern extends InputStream {
    final MessageDigest digest;
    private final long size;
    private long pos;
    private long x = 0x9E3779B97F4A7C15L;

    Pattern(long size) throws Exception {
      this.size = size;
      this.digest = MessageDigest.getInstance("SHA-256");
    }

    @Override
    public int read() throws IOException {
      byte[] b = new byte[1];
      return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - pos);
      for (int i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        b[off + i] = (byte) x;
      }
      digest.update(b, off, n);
      pos += n;
      return n;
    }
  }
}

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.chain.BaseSepolia;
import com.run402.local.runtime.chain.MockChain;
import com.run402.local.runtime.x402.PaymentOptions;
import com.run402.local.runtime.x402.PaymentPayload;
import com.run402.local.runtime.x402.PaymentRequirement;
import com.run402.local.runtime.x402.PaymentSigner;
import com.run402.local.runtime.x402.Payments;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Step 8: x402 verify + settle throughput of the runtime's payment API on a file-backed mock chain
 * (as under a --data-dir), in process: EIP-712 recovery, nonce/balance checks, and the atomic H2
 * settlement (nonce, debit, credit, block, tx, ledger). Payments are signed before the clock starts.
 */
final class PaymentBench {
  private PaymentBench() {}

  static void step(Bench b, Path work, boolean quick) throws Exception {
    int n = quick ? 4_000 : 20_000;
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors() * 2);
    ObjectMapper json = new ObjectMapper();
    MockChain chain = MockChain.open(work.resolve("payments-bench"), false);
    try {
      Payments payments = new Payments(chain, PaymentOptions.defaults(), json);
      PaymentRequirement req = payments.requirement(1_000);
      List<PaymentSigner> payers = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        PaymentSigner p = PaymentSigner.random();
        try (var c = chain.connection()) {
          chain.store().mint(c, p.address(), 1_000L * n, Instant.now());
        }
        payers.add(p);
      }
      long now = Instant.now().getEpochSecond();
      List<PaymentPayload> signed = new ArrayList<>(n + 1_000);
      for (int i = 0; i < n + 1_000; i++) {
        PaymentSigner p = payers.get(i % payers.size());
        ObjectNode payload = p.payload(json, req, p.authorization(req, now), BaseSepolia.NETWORK);
        signed.add(PaymentPayload.fromJson(payload));
      }
      for (PaymentPayload p : signed.subList(n, n + 1_000)) { // warm-up (JIT, class loading)
        payments.settleNow(p, req, "bench");
      }
      double[] latencyMs = new double[n];
      AtomicInteger next = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      long t0 = System.nanoTime();
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        fs.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
            long s = System.nanoTime();
            if (!payments.settleNow(signed.get(i), req, "bench").success()) {
              failed.incrementAndGet();
            }
            latencyMs[i] = (System.nanoTime() - s) / 1e6;
          }
        }));
      }
      for (Future<?> f : fs) {
        f.get(5, TimeUnit.MINUTES);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      pool.shutdownNow();
      double perSecond = n / seconds;
      java.util.Arrays.sort(latencyMs);
      ObjectNode out = b.results.putObject("payments");
      out.put("payments", n);
      out.put("threads", threads);
      out.put("seconds", seconds);
      out.put("payments_per_second", perSecond);
      out.put("failed", failed.get());
      out.put("p50_ms", latencyMs[n / 2]);
      out.put("p99_ms", latencyMs[(int) (n * 0.99)]);
      System.out.printf("payments: %d verify+settle on %d threads in %.2f s = %.0f/s (p50 %.2f ms, p99 %.2f ms, %d failed)%n",
          n, threads, seconds, perSecond, latencyMs[n / 2], latencyMs[(int) (n * 0.99)], failed.get());
      b.row("x402 verify+settle (in process, file H2)", String.format("%.0f payments/s", perSecond), ">= 1000/s",
          perSecond >= 1000 ? "ok" : "MISSED");
    } finally {
      chain.close();
    }
  }
}

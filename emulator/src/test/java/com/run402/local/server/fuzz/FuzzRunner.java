package com.run402.local.server.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sends generated requests on a thread pool and records what came back. Writes are serialized by
 * one lock: concurrent random UPDATE/DELETEs over overlapping rows can deadlock (40P01), a 500
 * PostgREST gives on purpose for a legit DB condition, not an engine bug. Reads run freely
 * alongside.
 */
public final class FuzzRunner {
  /** A failing request, its response summary and (after {@link #shrink}) a smaller request failing the same way. */
  public record Found(FuzzRequest request, FuzzCheck.Failure failure, int status, String body, FuzzRequest minimal) {}

  private final FuzzGen gen;
  private final FuzzClient client;
  private final int threads;
  private final ReentrantLock writes = new ReentrantLock();
  final Map<String, LongAdder> statuses = new ConcurrentSkipListMap<>();
  final Map<String, LongAdder> codes = new ConcurrentHashMap<>();
  final Map<String, LongAdder> kinds = new ConcurrentSkipListMap<>();
  final List<Found> found = java.util.Collections.synchronizedList(new ArrayList<>());
  final Map<String, LongAdder> transport = new ConcurrentSkipListMap<>();
  final LongAdder sent = new LongAdder();
  /** -Dfuzz.dump=FILE: one line per request (index, status, request line, body start), for tuning the generator. */
  private final java.io.PrintStream dump = dumpFile();

  public FuzzRunner(FuzzGen gen, FuzzClient client, int threads) {
    this.gen = gen;
    this.client = client;
    this.threads = threads;
  }

  private static java.io.PrintStream dumpFile() {
    String path = System.getProperty("fuzz.dump");
    try {
      return path == null || path.isBlank() ? null : new java.io.PrintStream(path, java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public List<Found> found() {
    return found;
  }

  public long sentCount() {
    return sent.sum();
  }

  /** Requests [from, to); returns when all are answered (or the deadline passes). */
  public void run(int from, int to, long deadlineSeconds) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int i = from; i < to; i++) {
        int index = i;
        pool.execute(() -> one(index));
      }
    } finally {
      pool.shutdown();
      if (!pool.awaitTermination(deadlineSeconds, TimeUnit.SECONDS)) {
        pool.shutdownNow();
        throw new IllegalStateException("fuzz requests still running after " + deadlineSeconds + " s");
      }
    }
  }

  private void one(int index) {
    FuzzRequest req;
    try {
      req = gen.request(index);
    } catch (RuntimeException e) {
      // A generator bug must fail the run loudly, not vanish into the pool's uncaught handler.
      found.add(new Found(new FuzzRequest(index, "GET", "/", null, List.of(), null, false),
          new FuzzCheck.Failure("harness", "generator threw " + e), 0, "", null));
      sent.increment();
      return;
    }
    FuzzClient.Response res = send(req);
    if (res.failure() != null) {
      // A connection reset can eat an answer the server did send: a gateway 401 written before a
      // large body was read, then the close RSTs the socket. One retry tells that transport race
      // (counted, reported) from a server that really never answers (a failure).
      FuzzClient.Response again = send(req);
      if (again.failure() == null) {
        transport.computeIfAbsent("reset, answered on retry", k -> new LongAdder()).increment();
        res = again;
      }
    }
    sent.increment();
    String kind = (req.path().contains("/rpc/") ? "rpc " : req.path().startsWith("/admin") ? "admin " : "public ")
        + req.method() + (req.raw() ? " (raw)" : "");
    kinds.computeIfAbsent(kind, k -> new LongAdder()).increment();
    statuses.computeIfAbsent(res.failure() != null ? "none" : String.valueOf(res.status()), k -> new LongAdder()).increment();
    if (res.status() >= 400 && !req.method().equals("HEAD")) {
      codes.computeIfAbsent(res.status() + " " + FuzzCheck.errorCode(res.text()), k -> new LongAdder()).increment();
    }
    if (FuzzCheck.transportRejection(res)) {
      transport.computeIfAbsent(res.status() + (req.raw() ? " raw" : ""), k -> new LongAdder()).increment();
    }
    if (dump != null) {
      dump.println(req.index() + "\t" + (res.failure() != null ? "none" : res.status()) + "\t" + req.method() + " "
          + req.target() + "\t" + FuzzCheck.abbreviate(res.text(), 300));
    }
    FuzzCheck.Failure f = FuzzCheck.check(req, res);
    if (f != null) {
      found.add(new Found(req, f, res.status(), FuzzCheck.abbreviate(res.text(), 600), null));
    }
  }

  FuzzClient.Response send(FuzzRequest req) {
    if (!req.mutates()) {
      return client.send(req);
    }
    writes.lock();
    try {
      return client.send(req);
    } finally {
      writes.unlock();
    }
  }

  /**
   * Greedy shrinking: drop query parameters, headers and the body one at a time, keeping each drop
   * after which the request still fails the same way. Bounded number of re-sends.
   */
  public FuzzRequest shrink(FuzzRequest req, FuzzCheck.Failure f, int budget) {
    FuzzRequest cur = req;
    int[] left = {budget};
    boolean progress = true;
    while (progress && left[0] > 0) {
      progress = false;
      List<String> parts = cur.queryParts();
      for (int i = 0; i < parts.size() && left[0] > 0; i++) {
        List<String> fewer = new ArrayList<>(parts);
        fewer.remove(i);
        FuzzRequest cand = cur.withQuery(fewer.isEmpty() ? null : String.join("&", fewer));
        if (stillFails(cand, f, left)) {
          cur = cand;
          progress = true;
          break;
        }
      }
      List<Map.Entry<String, String>> hs = cur.headers();
      for (int i = 0; i < hs.size() && left[0] > 0 && !progress; i++) {
        List<Map.Entry<String, String>> fewer = new ArrayList<>(hs);
        fewer.remove(i);
        FuzzRequest cand = cur.withHeaders(fewer);
        if (stillFails(cand, f, left)) {
          cur = cand;
          progress = true;
        }
      }
      if (!progress && cur.body() != null && left[0] > 0) {
        FuzzRequest cand = cur.withBody(null);
        if (stillFails(cand, f, left)) {
          cur = cand;
          progress = true;
        }
      }
    }
    return cur;
  }

  private boolean stillFails(FuzzRequest cand, FuzzCheck.Failure f, int[] left) {
    left[0]--;
    FuzzCheck.Failure again = FuzzCheck.check(cand, send(cand));
    return again != null && again.kind().equals(f.kind()) && again.detail().equals(f.detail());
  }
}

package com.run402.local.runtime.functions;

import com.run402.local.runtime.Lazy;
import com.run402.local.runtime.error.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * One call to a worker over loopback HTTP: the caller's method, path, query, headers and body, plus control
 * headers naming the module, the project environment, the function and the request id. The wait for the
 * response head is the function's timeout: past it the worker (stuck in a loop) is killed and the call gets
 * 504; a worker that died (out of memory) gives 502 with its last error lines. The body streams back.
 */
final class Invoker {
  private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade",
      "keep-alive", "transfer-encoding", "te", "trailer", "http2-settings");
  private final Lazy<HttpClient> client = new Lazy<>(() -> HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build());
  private final WorkerPool pool;
  private final FunctionLogs logs;

  Invoker(WorkerPool pool, FunctionLogs logs) {
    this.pool = pool;
    this.logs = logs;
  }

  Invocation.Result invoke(FunctionDef f, Path module, Invocation inv, String envBase64, String requestId,
      String publicUrl) {
    Worker w;
    try {
      w = pool.acquire(new WorkerPool.Key(f.projectId(), f.memoryMb()));
    } catch (IOException e) {
      logs.add(f.projectId(), f.name(), "error", "Worker start failed: " + e.getMessage(), requestId);
      throw new ApiException(502, "function_unavailable", "The function runtime could not start: " + e.getMessage());
    }
    boolean released = false;
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + w.port() + inv.path()
          + (inv.rawQuery() == null || inv.rawQuery().isEmpty() ? "" : "?" + inv.rawQuery())))
          .timeout(Duration.ofSeconds(f.timeoutSeconds()));
      for (Map.Entry<String, String> h : inv.headers()) {
        String k = h.getKey().toLowerCase(java.util.Locale.ROOT);
        if (!RESTRICTED.contains(k) && !k.startsWith("x-run402-worker-")) {
          try {
            b.header(h.getKey(), h.getValue());
          } catch (IllegalArgumentException ignored) {
            // a header java.net.http refuses to forward (malformed value)
          }
        }
      }
      b.header("x-run402-worker-module", module.toString());
      b.header("x-run402-worker-env", envBase64);
      b.header("x-run402-worker-fn", f.name());
      b.header("x-run402-worker-rid", requestId);
      b.header("x-run402-worker-url", publicUrl);
      boolean hasBody = inv.body() != null && !inv.method().equals("GET") && !inv.method().equals("HEAD");
      b.method(inv.method(), hasBody ? HttpRequest.BodyPublishers.ofInputStream(inv::body)
          : HttpRequest.BodyPublishers.noBody());
      HttpResponse<InputStream> r = client.get().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      InputStream body = new ReleasingStream(r.body(), () -> pool.release(w));
      released = true;
      return new Invocation.Result(r.statusCode(), r.headers().map(), body, requestId);
    } catch (HttpTimeoutException e) {
      pool.discard(w);
      String msg = "Function '" + f.name() + "' timed out after " + f.timeoutSeconds() + " s";
      logs.add(f.projectId(), f.name(), "error", msg + "; its worker was replaced", requestId);
      throw new ApiException(504, "function_timeout", msg);
    } catch (IOException e) {
      String why = w.exited(Duration.ofSeconds(3)) ? "its worker crashed: " + lastLines(w.stderrTail())
          : "the worker connection failed: " + e.getMessage();
      pool.discard(w);
      String msg = "Function '" + f.name() + "' failed: " + why;
      logs.add(f.projectId(), f.name(), "error", msg, requestId);
      throw new ApiException(502, "function_crashed", msg);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "shutting_down", "The emulator is stopping");
    } finally {
      if (!released) {
        pool.release(w);
      }
    }
  }

  /** V8's fatal line (e.g. "JavaScript heap out of memory") when there is one, else the last lines. */
  private static String lastLines(String tail) {
    if (tail.isBlank()) {
      return "the process exited";
    }
    String[] lines = tail.strip().split("\n");
    for (String l : lines) {
      if (l.contains("FATAL ERROR") || l.contains("out of memory")) {
        return l.strip();
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int i = Math.max(0, lines.length - 4); i < lines.length; i++) {
      sb.append(sb.length() > 0 ? " | " : "").append(lines[i].strip());
    }
    return sb.toString();
  }

  /** Releases the worker once the body is read or closed. */
  private static final class ReleasingStream extends java.io.FilterInputStream {
    private final Runnable onClose;
    private boolean closed;

    ReleasingStream(InputStream in, Runnable onClose) {
      super(in);
      this.onClose = onClose;
    }

    @Override
    public void close() throws IOException {
      try {
        super.close();
      } finally {
        synchronized (this) {
          if (!closed) {
            closed = true;
            onClose.run();
          }
        }
      }
    }
  }
}

package com.run402.local.runtime.functions;

import com.run402.local.runtime.error.ApiException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One call to a worker over a {@link WireConnection}: the caller's method, URL, headers and body, the module, the
 * project environment, the function and the request id. The function's timeout runs from the first byte sent to
 * the response head: past it a watchdog kills the worker (stuck in a loop, or not reading the body) and the call
 * gets 504; a worker that died (out of memory) gives 502 with its last error lines. A small answer already fully
 * received comes back as bytes (sent with a Content-Length); a longer one streams.
 */
final class Invoker implements AutoCloseable {
  private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade",
      "keep-alive", "transfer-encoding", "te", "trailer", "http2-settings");
  private static final byte[] NONE = new byte[0];
  private static final int PREFETCH = 256 * 1024;
  private final Deadlines deadlines = new Deadlines();
  private final WorkerPool pool;
  private final FunctionLogs logs;

  Invoker(WorkerPool pool, FunctionLogs logs) {
    this.pool = pool;
    this.logs = logs;
  }

  Invocation.Result invoke(FunctionDef f, Path module, Invocation inv, byte[] env, String requestId, String publicUrl) {
    Worker w;
    try {
      w = pool.acquire(new WorkerPool.Key(f.projectId(), f.memoryMb()));
    } catch (IOException e) {
      logs.add(f.projectId(), f.name(), "error", "Worker start failed: " + e.getMessage(), requestId);
      throw new ApiException(502, "function_unavailable", "The function runtime could not start: " + e.getMessage());
    }
    Deadlines.Entry dog = deadlines.add(f.timeoutSeconds() * 1000L, () -> pool.discard(w));
    WireConnection c = null;
    boolean handedOver = false;
    try {
      c = w.connection();
      boolean hasBody = inv.body() != null && !inv.method().equals("GET") && !inv.method().equals("HEAD");
      c.frame('H', head(inv, module, f.name(), requestId, publicUrl, hasBody));
      c.frame('E', env);
      if (hasBody) {
        sendBody(inv, c);
      }
      c.frame('Z', NONE);
      c.flush();
      if (c.type() != 'H') {
        throw new IOException("the worker answered without a response head");
      }
      List<String> head = fields(c.payload(c.length()));
      if (!dog.cancel()) {
        throw new IOException("the watchdog fired");
      }
      Invocation.Result r = answer(w, c, head, requestId, f.timeoutSeconds() * 1000L);
      handedOver = true;
      return r;
    } catch (IOException e) {
      if (dog.fired()) {
        throw timedOut(w, f, requestId);
      }
      String why = w.exited(Duration.ofSeconds(3)) ? "its worker crashed: " + lastLines(w.stderrTail())
          : "the worker connection failed: " + e.getMessage();
      pool.discard(w);
      String msg = "Function '" + f.name() + "' failed: " + why;
      logs.add(f.projectId(), f.name(), "error", msg, requestId);
      throw new ApiException(502, "function_crashed", msg);
    } finally {
      dog.cancel();
      if (!handedOver) {
        if (c != null) {
          c.close();
        }
        pool.release(w);
      }
    }
  }

  private ApiException timedOut(Worker w, FunctionDef f, String requestId) {
    pool.discard(w);
    String msg = "Function '" + f.name() + "' timed out after " + f.timeoutSeconds() + " s";
    logs.add(f.projectId(), f.name(), "error", msg + "; its worker was replaced", requestId);
    return new ApiException(504, "function_timeout", msg);
  }

  private static void sendBody(Invocation inv, WireConnection c) throws IOException {
    byte[] buf = new byte[WireConnection.MAX_CHUNK];
    long sent = 0;
    while (true) {
      int n;
      try {
        n = inv.body().read(buf);
      } catch (IOException e) {
        throw ApiException.badRequest("invalid_request", "Cannot read the request body: " + e.getMessage());
      }
      if (n < 0) {
        return;
      }
      sent += n;
      if (sent > Limits.MAX_REQUEST_BODY) {
        throw Limits.requestTooLarge();
      }
      if (n > 0) {
        c.frame('D', buf, 0, n);
      }
    }
  }

  /** Status and headers from the head frame; the body as bytes when its end is already here, else a stream. */
  private Invocation.Result answer(Worker w, WireConnection c, List<String> head, String requestId, long timeoutMs)
      throws IOException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i + 1 < head.size(); i += 2) {
      headers.computeIfAbsent(head.get(i), k -> new ArrayList<>(1)).add(head.get(i + 1));
    }
    int status;
    try {
      status = Integer.parseInt(head.get(0));
    } catch (NumberFormatException e) {
      throw new IOException("bad status '" + head.get(0) + "' from the worker");
    }
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    while (c.available() > 0 && got.size() < PREFETCH) {
      char type = c.type();
      int len = c.length();
      if (type == 'D') {
        got.write(c.payload(len));
      } else if (type == 'Z') {
        w.giveBack(c);
        pool.release(w);
        return Invocation.Result.complete(status, headers, got.toByteArray(), requestId);
      } else if (type == 'X') {
        throw new ApiException(502, "function_crashed", "The function's response stream failed (see its logs)");
      } else {
        throw new IOException("unexpected frame '" + type + "' from the worker");
      }
    }
    WireBody rest = new WireBody(c, reusable -> {
      if (reusable) {
        w.giveBack(c);
      } else {
        c.close();
      }
      pool.release(w);
    }, deadlines, timeoutMs);
    return Invocation.Result.streaming(status, headers,
        got.size() == 0 ? rest : new SequenceInputStream(new ByteArrayInputStream(got.toByteArray()), rest), requestId);
  }

  /**
   * The call's head: UTF-8 fields joined by NUL (method, URL, module, function, request id, has-body, then header
   * names and values), a character no URL or header value can hold; lighter than JSON on both sides of the hop.
   */
  private static byte[] head(Invocation inv, Path module, String fn, String rid, String url, boolean hasBody) {
    StringBuilder sb = new StringBuilder(512);
    sb.append(inv.method()).append('\0').append(url).append('\0').append(module).append('\0').append(fn)
        .append('\0').append(rid).append('\0').append(hasBody ? '1' : '0');
    for (Map.Entry<String, String> e : inv.headers()) {
      String k = e.getKey().toLowerCase(Locale.ROOT);
      if (!RESTRICTED.contains(k) && k.indexOf('\0') < 0 && e.getValue().indexOf('\0') < 0) {
        sb.append('\0').append(k).append('\0').append(e.getValue());
      }
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The worker's head: status, then header names and values, NUL-separated. */
  private static List<String> fields(byte[] head) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= head.length; i++) {
      if (i == head.length || head[i] == 0) {
        out.add(new String(head, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    return out;
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

  @Override
  public void close() {
    deadlines.close();
  }
}

package com.run402.local.server;

import com.run402.local.runtime.Engine;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.functions.Invocation;
import com.run402.local.runtime.functions.Limits;
import com.run402.local.runtime.projects.ApikeyAuth;
import com.run402.local.runtime.projects.Project;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code ANY /functions/v1/:name[/*]} (api-contract 2.3), served by a Jetty handler ahead of Javalin; every other
 * request goes on to Javalin. Invocation is the route whose speed is the product (warm calls within 2x of a plain
 * Node server), and on a warm call the servlet layer and Javalin's routing cost as much as the function itself.
 * What the route shares with Javalin's is kept the same: the CORS headers, the error envelope, sites first (a
 * {@code <label>.localhost} host never reaches a function), trailing and doubled slashes ignored.
 *
 * <p>The caller's method, path, query, headers (less inbound {@code x-run402-*} and hop-by-hop ones) and body
 * reach the function; its status, headers and body come back, a small complete answer with a Content-Length,
 * a longer one streamed and flushed whenever the function has nothing more ready.
 */
public final class FunctionInvokeHandler extends Handler.Wrapper {
  static final String PREFIX = "/functions/v1/";
  private static final long DRAIN_LIMIT = 16L * 1024 * 1024;
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
  /** Response headers Jetty writes itself, not copied from the function's answer. */
  private static final Set<String> HOP = Set.of("connection", "keep-alive", "transfer-encoding", "content-length",
      "te", "trailer", "upgrade", "date", "server");
  private final Http http;
  private final ErrorMapper errors;

  FunctionInvokeHandler(Http http, ErrorMapper errors) {
    this.http = http;
    this.errors = errors;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    if (path == null || !METHODS.contains(request.getMethod())) {
      return super.handle(request, response, callback);
    }
    String route = path.contains("//") ? path.replaceAll("/{2,}", "/") : path;
    if (!route.startsWith(PREFIX)) {
      return super.handle(request, response, callback);
    }
    String rest = route.substring(PREFIX.length());
    int slash = rest.indexOf('/');
    String name = decode(slash < 0 ? rest : rest.substring(0, slash));
    String label = SiteServer.siteLabel(request.getHeaders().get(HttpHeader.HOST));
    if (name.isEmpty() || (label != null && !label.isEmpty())) {
      return super.handle(request, response, callback);
    }
    String sub = slash < 0 ? "" : trimSlashes(rest.substring(slash + 1));
    if (name.equals("runs") || sub.equals("runs")) {
      return super.handle(request, response, callback); // function runs: Javalin's FunctionRunRoutes
    }
    HttpFields.Mutable out = response.getHeaders();
    Cors.HEADERS.forEach(out::put);
    Invocation.Result res;
    try {
      res = invoke(request, path, name, sub);
    } catch (ApiException e) {
      e.headers().forEach(out::put);
      error(request, response, callback, e.status(), errors.body(e.status(), e.error(), e.getMessage(), e.extra()));
      return true;
    } catch (RuntimeException e) {
      String message = errors.unexpectedMessage(e, request.getMethod(), path);
      error(request, response, callback, 500, errors.body(500, "internal_error", message, Map.of()));
      return true;
    }
    response.setStatus(res.status());
    res.headers().forEach((k, vs) -> {
      String lower = k.toLowerCase(java.util.Locale.ROOT);
      if (HOP.contains(lower) || k.startsWith(":")) {
        return;
      }
      if (lower.startsWith("access-control-")) {
        out.remove(k); // the function's own CORS answer replaces the defaults rather than doubling them
      }
      vs.forEach(v -> out.add(k, v));
    });
    out.put("X-Run402-Request-Id", res.requestId());
    if (res.complete() != null) {
      out.put(HttpHeader.CONTENT_LENGTH, res.complete().length);
      response.write(true, ByteBuffer.wrap(res.complete()), callback);
    } else {
      stream(response, callback, res.body());
    }
    return true;
  }

  private Invocation.Result invoke(Request request, String path, String name, String sub) {
    if (sub.equals("logs") && request.getMethod().equals("GET")) {
      // Production's newer per-function logs route shares this prefix; it is not emulated yet.
      throw new ApiException(501, "not_emulated", path + " is not emulated by run402-local yet");
    }
    Engine engine = http.engine();
    HttpFields in = request.getHeaders();
    ApikeyAuth.Caller caller = engine.restAccess().apikey(in.get("apikey"));
    Project p = caller.project();
    engine.rateLimiter().acquire(p.id());
    engine.usage().countCall(p.id());
    engine.budget().check(p);
    long length = request.getLength();
    if (length > Limits.MAX_REQUEST_BODY) {
      throw Limits.requestTooLarge(); // before reading any of it; a chunked body is counted as it goes
    }
    List<Map.Entry<String, String>> headers = new ArrayList<>(in.size());
    for (HttpField f : in) {
      if (!f.getLowerCaseName().startsWith("x-run402-")) { // callers cannot forge the runtime's own x-run402-*
        headers.add(Map.entry(f.getName(), f.getValue())); // hop-by-hop ones: the Invoker leaves them out
      }
    }
    InputStream body = length == 0 ? null : Content.Source.asInputStream(request);
    return engine.functions().invoke(p, name, new Invocation(request.getMethod(), path,
        request.getHttpURI().getQuery(), headers, body));
  }

  /**
   * Copies a streamed answer. A failure once the head is out (the caller went away, or the function's stream
   * failed: its log says why) aborts the connection: the only honest signal left, rather than a cleanly ended,
   * silently short body.
   */
  private static void stream(Response response, Callback callback, InputStream body) {
    byte[] buf = new byte[64 * 1024];
    OutputStream out = Content.Sink.asOutputStream(response);
    try (InputStream in = body) {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        out.write(buf, 0, n);
        if (in.available() == 0) {
          out.flush();
        }
      }
      out.close(); // the last chunk: only once the function's stream really ended
    } catch (IOException | RuntimeException e) {
      callback.failed(e);
      return;
    }
    callback.succeeded();
  }

  /**
   * A refusal in the envelope. What is left of the caller's body is read and dropped first (up to
   * {@value #DRAIN_LIMIT} bytes): closing a connection with unread bytes makes the kernel reset it, and a client
   * still sending (a 413 for a 6 MiB upload, a 401 on a large POST) then loses the answer it was sent. When the
   * body was longer than that, Jetty closes the connection after the answer, and the answer says so
   * ({@code Connection: close}), or a pooling client would send its next request down a closed connection.
   */
  private static void error(Request request, Response response, Callback callback, int status, String json) {
    boolean ended = false;
    try {
      InputStream rest = Content.Source.asInputStream(request);
      byte[] buf = new byte[64 * 1024];
      long dropped = 0;
      for (int n = rest.read(buf); ; n = rest.read(buf)) {
        if (n < 0) {
          ended = true;
          break;
        }
        dropped += n;
        if (dropped >= DRAIN_LIMIT) {
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      // the caller went away or the body is broken: the answer goes out anyway
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    if (!ended) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  /** A path segment decoded as Javalin decodes path parameters ({@code +} stays a plus). */
  private static String decode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return segment;
    }
  }

  private static String trimSlashes(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(0, end);
  }

  @Override
  public InvocationType getInvocationType() {
    return InvocationType.BLOCKING; // a call waits on its worker
  }
}

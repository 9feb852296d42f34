package com.run402.local.server.s3;

import com.run402.local.runtime.Engine;
import com.run402.local.runtime.StartupException;
import com.run402.local.runtime.s3.S3Request;
import com.run402.local.runtime.s3.S3Response;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The S3-compatible endpoint on its own port (path style, at the root): a thin adapter from Jetty to
 * the runtime's {@code S3Service}, which does SigV4, the object store and the XML. Bodies stream both
 * ways. A second Javalin (not an embedded s3proxy): s3proxy serves a jclouds BlobStore with one static
 * identity, while we need per-project credentials (project id + service key), the lease gate and the
 * content-addressed store shared with blobs/assets; adapting jclouds' BlobStore SPI to that, plus its
 * dependency tree (jclouds, guava, a second Jetty configuration) in our shaded jar, costs more than
 * the handful of operations the clients use.
 */
public final class S3Server {
  private static final Logger LOG = LoggerFactory.getLogger(S3Server.class);
  private static final String[] METHODS = {"GET", "HEAD", "PUT", "POST", "DELETE"};

  private final Javalin app;
  private final String host;
  private final int requestedPort;

  private S3Server(Javalin app, String host, int port) {
    this.app = app;
    this.host = host;
    this.requestedPort = port;
  }

  public static S3Server create(Supplier<Engine> engine, String host, int port) {
    Javalin app = Javalin.create(cfg -> {
      cfg.startup.startupWatcherEnabled = false;
      cfg.startup.showJavalinBanner = false;
      cfg.startup.showOldJavalinVersionWarning = false;
      cfg.http.generateEtags = false;
      cfg.router.ignoreTrailingSlashes = false; // "a/" and "a" are different keys
      cfg.router.treatMultipleSlashesAsSingleSlash = false;
      cfg.jetty.host = host;
      cfg.jetty.port = port;
      cfg.jetty.modifyServer(server -> server.setErrorHandler(S3ErrorPage.create()));
      cfg.jetty.modifyServletContextHandler(h -> h.setErrorHandler(S3ErrorPage.create()));
      for (String m : METHODS) {
        cfg.routes.addHttpHandler(HandlerType.findOrCreate(m), "/", ctx -> serve(engine.get(), ctx));
        cfg.routes.addHttpHandler(HandlerType.findOrCreate(m), "/<path>", ctx -> serve(engine.get(), ctx));
      }
      cfg.routes.exception(Exception.class, (e, ctx) -> {
        LOG.warn("S3 request failed: {}", e.toString());
        ctx.status(500).contentType("application/xml").result("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again."
            + "</Message></Error>");
      });
    });
    return new S3Server(app, host, port);
  }

  private static void serve(Engine engine, Context ctx) throws IOException {
    Map<String, String> headers = new TreeMap<>();
    for (String n : Collections.list(ctx.req().getHeaderNames())) {
      headers.put(n.toLowerCase(java.util.Locale.ROOT), ctx.req().getHeader(n));
    }
    S3Request req = new S3Request(ctx.method().name(), ctx.req().getRequestURI(), ctx.queryString(), headers,
        ctx.req().getInputStream());
    S3Response res = engine.storage().s3().handle(req);
    ctx.status(res.status());
    res.headers().forEach(ctx::header);
    if (res.stream() != null) {
      ctx.header("Content-Length", Long.toString(res.length()));
      try (InputStream in = res.stream(); OutputStream out = ctx.res().getOutputStream()) {
        com.run402.local.server.storage.StorageHttp.copy(in, out);
      }
    } else if (res.bytes().length > 0) {
      ctx.result(res.bytes());
    }
  }

  public void start() {
    try {
      app.start();
    } catch (RuntimeException e) {
      throw new StartupException("Cannot listen for S3 on " + host + ":" + requestedPort + " (" + e.getMessage()
          + "). Pass --s3-port 0 (any free port) or another --s3-port.", e);
    }
  }

  public int port() {
    return app.port();
  }

  public void stop() {
    app.stop();
  }
}

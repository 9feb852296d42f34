package com.run402.local.server;

import com.run402.local.runtime.sites.SiteResolver;
import com.run402.local.runtime.sites.SiteUrls;
import io.javalin.http.Context;
import java.io.InputStream;
import java.util.Locale;

/**
 * Serves sites before any API route (legacy-gateway 7.4): Host {@code <label>.localhost[:port]}, or the
 * path form {@code /__sites/<label>/...} for clients that cannot resolve {@code *.localhost}. Any
 * method is served the same way; ETag is the content's sha256 (304 on If-None-Match).
 */
final class SiteServer {
  private final Http http;

  SiteServer(Http http) {
    this.http = http;
  }

  void before(Context ctx) throws Exception {
    String label = siteLabel(ctx.header("Host"));
    String path = ctx.path();
    if (label == null && path.startsWith(SiteUrls.PATH_PREFIX)) {
      String rest = path.substring(SiteUrls.PATH_PREFIX.length());
      int slash = rest.indexOf('/');
      label = slash < 0 ? rest : rest.substring(0, slash);
      path = slash < 0 ? "/" : rest.substring(slash);
    }
    if (label == null || label.isEmpty()) {
      return;
    }
    ctx.skipRemainingHandlers();
    serve(ctx, label, path);
  }

  /** The site label of a {@code <label>.localhost[:port]} Host header, else null (the API host). */
  static String siteLabel(String hostHeader) {
    String host = Http.hostname(hostHeader);
    if (host != null) {
      String h = host.toLowerCase(Locale.ROOT);
      if (h.endsWith(".localhost") && h.indexOf('.') == h.length() - ".localhost".length()) {
        return h.substring(0, h.length() - ".localhost".length());
      }
    }
    return null;
  }

  private void serve(Context ctx, String label, String path) throws Exception {
    String decoded = java.net.URLDecoder.decode(path.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    if (decoded.indexOf('\0') >= 0 || decoded.contains("/../") || decoded.endsWith("/..")) {
      page(ctx, 400, "Bad path.");
      return;
    }
    SiteResolver sites = http.engine().sites();
    SiteResolver.Resolved r = sites.resolve(label, decoded);
    int status = 200;
    if (r.sha256() == null && r.releaseId() != null) {
      var custom = sites.notFoundPage(r.releaseId());
      if (custom.isEmpty()) {
        page(ctx, 404, r.notFound());
        return;
      }
      r = custom.get();
      status = 404;
    } else if (r.sha256() == null) {
      page(ctx, 404, r.notFound());
      return;
    }
    String etag = "\"" + r.sha256() + "\"";
    ctx.header("ETag", etag);
    ctx.header("Cache-Control", "public, max-age=60");
    ctx.header("X-Run402-Release", r.releaseId());
    String inm = ctx.header("If-None-Match");
    if (status == 200 && inm != null && (inm.contains(etag) || inm.trim().equals("*"))) {
      ctx.status(304).result("");
      return;
    }
    ctx.status(status).contentType(r.contentType());
    ctx.header("Content-Length", Long.toString(r.size()));
    InputStream in = http.engine().storage().content().open(r.sha256());
    ctx.result(in);
  }

  private static void page(Context ctx, int status, String message) {
    ctx.status(status).contentType("text/html; charset=utf-8").header("Cache-Control", "no-store")
        .result("<!doctype html><html><head><title>" + status + "</title></head><body><h1>" + status + "</h1><p>"
            + message + "</p><p>run402-local</p></body></html>");
  }
}

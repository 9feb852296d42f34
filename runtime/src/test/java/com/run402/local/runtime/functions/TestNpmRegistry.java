package com.run402.local.runtime.functions;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A one-package npm registry on 127.0.0.1: the packument at {@code GET /<name>} and the tarball it points to.
 * The package is an ES module whose {@code index.js} exports {@code answer = 42}.
 */
final class TestNpmRegistry implements AutoCloseable {
  static final String VERSION = "1.0.0";
  private final String name;
  private final byte[] tarball;
  private final boolean mustRevalidate;
  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicBoolean stopped = new AtomicBoolean();

  /**
   * @param mustRevalidate send {@code Cache-Control: must-revalidate}, so that npm may not answer from its stale
   *     cache when a revalidation fails (only {@code --offline} then reads the cache)
   */
  TestNpmRegistry(String name, boolean mustRevalidate) throws IOException {
    this.name = name;
    this.tarball = tarball(name);
    this.mustRevalidate = mustRevalidate;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The registry URL, with a trailing slash. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  /** HTTP requests answered so far. */
  int requests() {
    return requests.get();
  }

  /** Stops listening at once: later connections are refused. Idempotent. */
  @Override
  public void close() {
    if (stopped.compareAndSet(false, true)) {
      server.stop(0);
    }
  }

  private String tarballPath() {
    return "/" + name + "/-/" + name + "-" + VERSION + ".tgz";
  }

  private void handle(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    try {
      String path = ex.getRequestURI().getRawPath();
      if (path.equals("/" + name)) {
        send(ex, "application/json", packument().getBytes(StandardCharsets.UTF_8));
      } else if (path.equals(tarballPath())) {
        send(ex, "application/octet-stream", tarball);
      } else {
        send(ex, 404, "application/json", "{\"error\":\"Not found\"}".getBytes(StandardCharsets.UTF_8));
      }
    } finally {
      ex.close();
    }
  }

  private void send(HttpExchange ex, String type, byte[] body) throws IOException {
    send(ex, 200, type, body);
  }

  private void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    if (mustRevalidate) {
      ex.getResponseHeaders().set("Cache-Control", "must-revalidate");
    }
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private String packument() {
    String integrity = "sha512-" + Base64.getEncoder().encodeToString(digest("SHA-512", tarball));
    String shasum = HexFormat.of().formatHex(digest("SHA-1", tarball));
    return """
        {"name":"%1$s","dist-tags":{"latest":"%2$s"},"versions":{"%2$s":{"name":"%1$s","version":"%2$s",\
        "main":"index.js","dist":{"tarball":"%3$s","integrity":"%4$s","shasum":"%5$s"}}}}"""
        .formatted(name, VERSION, url() + tarballPath().substring(1), integrity, shasum);
  }

  /** An npm package tarball: package.json and index.js under {@code package/}. */
  private static byte[] tarball(String name) throws IOException {
    String manifest = """
        {"name":"%s","version":"%s","type":"module","main":"index.js"}
        """.formatted(name, VERSION);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
      entry(tar, "package/package.json", manifest);
      entry(tar, "package/index.js", "export const answer = 42;\n");
    }
    return bytes.toByteArray();
  }

  private static void entry(TarArchiveOutputStream tar, String path, String text) throws IOException {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry e = new TarArchiveEntry(path);
    e.setSize(data.length);
    e.setMode(0644);
    tar.putArchiveEntry(e);
    tar.write(data);
    tar.closeArchiveEntry();
  }

  private static byte[] digest(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

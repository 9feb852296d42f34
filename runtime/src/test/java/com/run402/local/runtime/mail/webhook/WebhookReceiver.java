package com.run402.local.runtime.mail.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real local HTTP endpoint for webhook tests. Each request gets the next scripted reply (a status,
 * or {@link #HANG}: no response until the receiver closes), then the fallback reply forever.
 */
final class WebhookReceiver implements AutoCloseable {
  static final int HANG = -1;

  record Received(String path, String signature, String deliveryId, String body) {}

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "test-webhook-receiver");
    t.setDaemon(true);
    return t;
  });
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Deque<Integer> script = new ArrayDeque<>();
  private volatile int fallback = 200;
  final List<Received> received = new CopyOnWriteArrayList<>();

  private WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  static WebhookReceiver start() throws IOException {
    return new WebhookReceiver();
  }

  /** Replies {@code first} in order, then {@code then} to every later request. */
  synchronized WebhookReceiver replies(int then, int... first) {
    script.clear();
    for (int c : first) {
      script.add(c);
    }
    fallback = then;
    return this;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private synchronized int next() {
    return script.isEmpty() ? fallback : script.poll();
  }

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    received.add(new Received(ex.getRequestURI().getPath(),
        ex.getRequestHeaders().getFirst(WebhookSigner.SIGNATURE_HEADER),
        ex.getRequestHeaders().getFirst(WebhookSigner.ID_HEADER), body));
    int code = next();
    if (code == HANG) {
      try {
        closing.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      code = 200;
    }
    ex.sendResponseHeaders(code, -1);
    ex.close();
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}

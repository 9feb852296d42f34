package com.run402.local.server.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends a {@link FuzzRequest}: through the JDK HttpClient (connection reuse, the common case), or
 * byte for byte over a socket when the request is marked raw or the JDK client refuses to build
 * it (it validates URIs and header values; the server must not rely on clients doing so).
 */
public final class FuzzClient {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** A response, or {@code failure} when none came back. */
  public record Response(int status, Map<String, List<String>> headers, byte[] body, String failure) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null || v.isEmpty() ? null : v.get(0);
    }
  }

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final String host;
  private final int port;

  public FuzzClient(String host, int port) {
    this.host = host;
    this.port = port;
  }

  public String base() {
    return "http://" + host + ":" + port;
  }

  public Response send(FuzzRequest req) {
    if (!req.raw()) {
      HttpRequest built;
      try {
        built = build(req);
      } catch (IllegalArgumentException e) {
        return raw(req); // the JDK refuses it; the server still has to cope
      }
      try {
        HttpResponse<byte[]> r = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
        Map<String, List<String>> h = new TreeMap<>();
        r.headers().map().forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v));
        return new Response(r.statusCode(), h, r.body() == null ? new byte[0] : r.body(), null);
      } catch (IOException e) {
        return new Response(0, Map.of(), new byte[0], "no response: " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Response(0, Map.of(), new byte[0], "interrupted");
      }
    }
    return raw(req);
  }

  private HttpRequest build(FuzzRequest req) {
    HttpRequest.BodyPublisher pub = req.body() == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(req.body());
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + req.target())).timeout(TIMEOUT)
        .method(req.method(), pub);
    for (Map.Entry<String, String> h : req.headers()) {
      b.header(h.getKey(), h.getValue());
    }
    return b.build();
  }

  /** HTTP/1.1 by hand: ISO-8859-1 request line and headers, Connection: close, read to EOF. */
  Response raw(FuzzRequest req) {
    try (Socket s = new Socket(host, port)) {
      s.setSoTimeout((int) TIMEOUT.toMillis());
      StringBuilder head = new StringBuilder();
      head.append(req.method()).append(' ').append(req.target()).append(" HTTP/1.1\r\n");
      head.append("Host: ").append(host).append(':').append(port).append("\r\nConnection: close\r\n");
      for (Map.Entry<String, String> h : req.headers()) {
        head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
      }
      byte[] body = req.body() == null ? new byte[0] : req.body();
      if (req.body() != null || !req.method().equals("GET") && !req.method().equals("HEAD")) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      head.append("\r\n");
      OutputStream out = s.getOutputStream();
      out.write(latin1(head.toString()));
      out.write(body);
      out.flush();
      return parse(s.getInputStream().readAllBytes(), req.method().equals("HEAD"));
    } catch (IOException e) {
      return new Response(0, Map.of(), new byte[0], "no response (raw socket): " + e);
    }
  }

  /** Characters above U+00FF (none are generated for raw requests) would not survive; '?' marks them. */
  private static byte[] latin1(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static Response parse(byte[] all, boolean head) throws IOException {
    int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
    if (end < 0) {
      return new Response(0, Map.of(), all, "no response (raw socket): truncated head, " + all.length + " bytes");
    }
    String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
    String[] status = lines[0].split(" ", 3);
    Map<String, List<String>> h = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int c = lines[i].indexOf(':');
      if (c > 0) {
        h.computeIfAbsent(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(lines[i].substring(c + 1).trim());
      }
    }
    byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
    List<String> te = h.get("transfer-encoding");
    if (!head && te != null && te.get(0).equalsIgnoreCase("chunked")) {
      body = dechunk(body);
    }
    return new Response(Integer.parseInt(status[1]), h, body, null);
  }

  static byte[] dechunk(byte[] in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int pos = 0;
    while (pos < in.length) {
      int eol = indexOf(in, new byte[] {'\r', '\n'}, pos);
      if (eol < 0) {
        throw new IOException("bad chunk header");
      }
      String size = new String(in, pos, eol - pos, StandardCharsets.ISO_8859_1).split(";")[0].trim();
      int n = Integer.parseInt(size, 16);
      if (n == 0) {
        break;
      }
      out.write(in, eol + 2, n);
      pos = eol + 2 + n + 2;
    }
    return out.toByteArray();
  }

  static int indexOf(byte[] a, byte[] pat, int from) {
    outer:
    for (int i = from; i <= a.length - pat.length; i++) {
      for (int j = 0; j < pat.length; j++) {
        if (a[i + j] != pat[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}

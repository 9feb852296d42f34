// Part of the run402-local benchmark (bench/run.sh); see Bench.java.

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A minimal HTTP/1.1 keep-alive GET client, one connection per bench client thread: the role wrk
 * plays in server benchmarks. The JDK's HttpClient spends about as much CPU per request as a small
 * REST request costs the server, and on a 2-core machine that CPU comes out of the server's share;
 * pgjdbc on the JDBC side of the comparison is lean, so the HTTP side gets a lean client too.
 * Not a general client: GET only, Content-Length or chunked bodies, reconnects once on a closed connection.
 */
final class KeepAliveHttp implements AutoCloseable {
  private final String host;
  private final int port;
  private final int timeoutMillis;
  private final Conn[] conns;

  private static final class Conn {
    Socket socket;
    OutputStream out;
    InputStream in;
  }

  KeepAliveHttp(String baseUrl, int threads, Duration timeout) {
    URI u = URI.create(baseUrl);
    this.host = u.getHost();
    this.port = u.getPort();
    this.timeoutMillis = (int) timeout.toMillis();
    this.conns = new Conn[threads];
    for (int i = 0; i < threads; i++) {
      conns[i] = new Conn();
    }
  }

  /** The body of a 200 answer to GET {@code pathAndQuery} with one extra header; anything else throws. */
  String get(int thread, String pathAndQuery, String header, String value) throws IOException {
    byte[] req = ("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n" + header + ": " + value
        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    Conn c = conns[thread];
    for (int attempt = 0; ; attempt++) {
      try {
        if (c.socket == null) {
          open(c);
        }
        c.out.write(req);
        c.out.flush();
        return read(c.in, pathAndQuery);
      } catch (EOFException | java.net.SocketException e) {
        closeQuietly(c);
        if (attempt > 0) {
          throw e;
        }
      }
    }
  }

  private void open(Conn c) throws IOException {
    Socket s = new Socket(host, port);
    s.setTcpNoDelay(true);
    s.setSoTimeout(timeoutMillis);
    c.socket = s;
    c.out = s.getOutputStream();
    c.in = new BufferedInputStream(s.getInputStream(), 1 << 16);
  }

  private static String read(InputStream in, String what) throws IOException {
    String status = line(in);
    int length = -1;
    boolean chunked = false;
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      int colon = h.indexOf(':');
      String name = colon < 0 ? h : h.substring(0, colon).trim();
      String v = colon < 0 ? "" : h.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        length = Integer.parseInt(v);
      } else if (name.equalsIgnoreCase("Transfer-Encoding") && v.toLowerCase().contains("chunked")) {
        chunked = true;
      }
    }
    byte[] body;
    if (chunked) {
      java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
      for (int n = Integer.parseInt(line(in).trim(), 16); n > 0; n = Integer.parseInt(line(in).trim(), 16)) {
        b.write(in.readNBytes(n));
        line(in);
      }
      line(in);
      body = b.toByteArray();
    } else if (length >= 0) {
      body = in.readNBytes(length);
    } else {
      throw new IOException("GET " + what + ": neither Content-Length nor chunked (" + status + ")");
    }
    String text = new String(body, StandardCharsets.UTF_8);
    if (!status.startsWith("HTTP/1.1 200")) {
      throw new IOException("GET " + what + " answered " + status + ": " + text);
    }
    return text;
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("connection closed");
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  private static void closeQuietly(Conn c) {
    try {
      if (c.socket != null) {
        c.socket.close();
      }
    } catch (IOException ignored) {
      // a broken connection is replaced on the next call
    }
    c.socket = null;
  }

  @Override
  public void close() {
    for (Conn c : conns) {
      closeQuietly(c);
    }
  }
}

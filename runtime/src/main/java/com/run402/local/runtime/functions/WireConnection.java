package com.run402.local.runtime.functions;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * One loopback connection to a worker, carrying one call at a time as frames of {@code [type][u32 length][payload]}
 * (the protocol is described at the top of {@code worker.mjs}). A plain blocking socket rather than an HTTP client:
 * the caller's request was parsed once by the gateway, and a second HTTP exchange through java.net.http (its
 * selector thread and futures) cost more than the function itself on a warm call.
 */
final class WireConnection implements AutoCloseable {
  static final int MAX_CHUNK = 64 * 1024;
  private final Socket socket;
  private final DataInputStream in;
  private final BufferedOutputStream out;

  private WireConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), MAX_CHUNK + 5));
    this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
  }

  static WireConnection open(int port, int connectTimeoutMs) throws IOException {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), connectTimeoutMs);
      return new WireConnection(s);
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  /** How long one read may wait (the function's timeout); a longer silence is a {@code SocketTimeoutException}. */
  void readTimeout(int ms) throws IOException {
    socket.setSoTimeout(ms);
  }

  void frame(char type, byte[] payload, int off, int len) throws IOException {
    out.write(type);
    out.write(len >>> 24);
    out.write(len >>> 16);
    out.write(len >>> 8);
    out.write(len);
    out.write(payload, off, len);
  }

  void frame(char type, byte[] payload) throws IOException {
    frame(type, payload, 0, payload.length);
  }

  void flush() throws IOException {
    out.flush();
  }

  /** The next frame's type; its length follows with {@link #length()}. */
  char type() throws IOException {
    int t = in.read();
    if (t < 0) {
      throw new EOFException("the worker closed the connection");
    }
    return (char) t;
  }

  int length() throws IOException {
    int len = in.readInt();
    if (len < 0 || len > 16 * 1024 * 1024) {
      throw new IOException("bad frame length " + len + " from the worker");
    }
    return len;
  }

  byte[] payload(int len) throws IOException {
    byte[] b = new byte[len];
    in.readFully(b);
    return b;
  }

  void payload(byte[] into, int off, int len) throws IOException {
    in.readFully(into, off, len);
  }

  /** Bytes already received and buffered: reading that many never waits. */
  int available() throws IOException {
    return in.available();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing
    }
  }
}

package com.run402.local.runtime.functions;

import com.run402.local.runtime.BulkInputStream;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One connection to a worker, carrying one call at a time as frames of {@code [type][u32 length][payload]} (the
 * protocol is described at the top of {@code worker.mjs}). A Unix domain socket where the platform has them (a
 * round trip about 30 µs shorter than loopback TCP here, and only this user can connect to it), else loopback
 * TCP; a plain blocking channel either way rather than an HTTP client: the caller's request was parsed once by
 * the gateway, and a second HTTP exchange through java.net.http cost more than the function itself on a warm call.
 * Reads have no timeout of their own: the caller arms a {@link Deadlines} entry that closes the connection or
 * kills the worker, either of which ends a blocked read.
 */
final class WireConnection implements AutoCloseable {
  static final int MAX_CHUNK = 64 * 1024;
  private final SocketChannel channel;
  private final DataInputStream in;
  private final BufferedOutputStream out;

  private WireConnection(SocketChannel channel) {
    this.channel = channel;
    this.in = new DataInputStream(new BufferedInputStream(new ChannelIn(channel), MAX_CHUNK + 5));
    this.out = new BufferedOutputStream(new ChannelOut(channel), 16 * 1024);
  }

  /** Connects to a worker's socket: a Unix domain socket path, or a loopback TCP address. */
  static WireConnection open(SocketAddress address) throws IOException {
    SocketChannel ch = address instanceof UnixDomainSocketAddress ? SocketChannel.open(StandardProtocolFamily.UNIX)
        : SocketChannel.open();
    try {
      if (!(address instanceof UnixDomainSocketAddress)) {
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      }
      ch.connect(address); // local: it connects or is refused at once
      return new WireConnection(ch);
    } catch (IOException e) {
      ch.close();
      throw e;
    }
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

  /** Bytes already read into this side's buffer: reading that many never waits. */
  int available() throws IOException {
    return in.available();
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  /**
   * The channel as streams, without {@code Channels.newInputStream}: that one holds the channel's blocking lock
   * while a read waits, so a write could not go out meanwhile.
   */
  private static final class ChannelIn extends BulkInputStream {
    private final SocketChannel ch;

    ChannelIn(SocketChannel ch) {
      this.ch = ch;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return len == 0 ? 0 : ch.read(ByteBuffer.wrap(b, off, len));
    }
  }

  private static final class ChannelOut extends OutputStream {
    private final SocketChannel ch;

    ChannelOut(SocketChannel ch) {
      this.ch = ch;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      ByteBuffer buf = ByteBuffer.wrap(b, off, len);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    }
  }
}

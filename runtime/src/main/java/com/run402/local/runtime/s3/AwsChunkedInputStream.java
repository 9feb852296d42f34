package com.run402.local.runtime.s3;

import com.run402.local.runtime.BulkInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decodes an {@code aws-chunked} body ({@code <hex size>[;chunk-signature=<sig>]\r\n<bytes>\r\n} ...
 * ending with a zero-size chunk and optional trailers). With a {@link SigV4Verifier.Verified} seed
 * ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}) every chunk's signature is checked, chained from the
 * request's, before any of its bytes are handed out; without one ({@code STREAMING-UNSIGNED-PAYLOAD-TRAILER})
 * chunks are only framed. A bad frame or signature throws an IOException carrying an {@link S3Error}.
 */
public final class AwsChunkedInputStream extends BulkInputStream {
  /** Larger chunks are refused rather than buffered (clients send 64 KiB to 16 MiB). */
  static final int MAX_CHUNK = 16 * 1024 * 1024;

  private final InputStream in;
  private final SigV4Verifier.Verified seed;
  private String previous;
  private byte[] chunk = new byte[0];
  private int pos;
  private boolean done;

  public AwsChunkedInputStream(InputStream in, SigV4Verifier.Verified seed) {
    this.in = in;
    this.seed = seed;
    this.previous = seed == null ? null : seed.signature();
  }

  /** The S3 error a decoding failure carries. */
  public static final class Failure extends IOException {
    private static final long serialVersionUID = 1L;
    private final S3Error error;

    Failure(S3Error error) {
      super(error.getMessage());
      this.error = error;
    }

    public S3Error error() {
      return error;
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    while (pos >= chunk.length) {
      if (done || !nextChunk()) {
        return -1;
      }
    }
    int n = Math.min(len, chunk.length - pos);
    System.arraycopy(chunk, pos, b, off, n);
    pos += n;
    return n;
  }

  private boolean nextChunk() throws IOException {
    String header = line();
    if (header == null) {
      throw bad("The request body ended before the final chunk");
    }
    int semi = header.indexOf(';');
    String sizeText = semi < 0 ? header : header.substring(0, semi);
    String sig = null;
    if (semi >= 0) {
      String ext = header.substring(semi + 1);
      if (ext.startsWith("chunk-signature=")) {
        sig = ext.substring(16);
      }
    }
    int size;
    try {
      size = Integer.parseInt(sizeText.trim(), 16);
    } catch (NumberFormatException e) {
      throw bad("Invalid chunk size");
    }
    if (size < 0 || size > MAX_CHUNK) {
      throw bad("Chunk size out of range");
    }
    byte[] data = in.readNBytes(size);
    if (data.length != size) {
      throw bad("The request body ended inside a chunk");
    }
    if (seed != null) {
      verify(sig, data);
    }
    if (size == 0) {
      while (true) { // trailers (x-amz-checksum-*), up to the empty line or the end
        String t = line();
        if (t == null || t.isEmpty()) {
          break;
        }
      }
      done = true;
      return false;
    }
    String crlf = line();
    if (crlf == null || !crlf.isEmpty()) {
      throw bad("Chunk not followed by CRLF");
    }
    chunk = data;
    pos = 0;
    return true;
  }

  private void verify(String sig, byte[] data) throws Failure {
    if (sig == null) {
      throw new Failure(S3Error.signatureMismatch());
    }
    String toSign = "AWS4-HMAC-SHA256-PAYLOAD\n" + seed.amzDate() + "\n" + seed.scope() + "\n" + previous + "\n"
        + SigV4.EMPTY_SHA256 + "\n" + SigV4.sha256Hex(data);
    String expected = SigV4.hex(SigV4.hmac(seed.signingKey(), toSign));
    if (!SigV4.same(expected, sig)) {
      throw new Failure(S3Error.signatureMismatch());
    }
    previous = sig;
  }

  /** A CRLF-terminated line without the CRLF; null at end of stream before any byte. */
  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while (true) {
      int c = in.read();
      if (c < 0) {
        return b.size() == 0 ? null : b.toString(StandardCharsets.US_ASCII);
      }
      if (c == '\r') {
        int n = in.read();
        if (n == '\n') {
          return b.toString(StandardCharsets.US_ASCII);
        }
        throw bad("Bare CR in chunk framing");
      }
      b.write(c);
      if (b.size() > 4096) {
        throw bad("Chunk header too long");
      }
    }
  }

  private static Failure bad(String message) {
    return new Failure(new S3Error(400, "IncompleteBody", message));
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}

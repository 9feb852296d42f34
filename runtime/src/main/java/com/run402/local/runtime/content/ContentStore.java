package com.run402.local.runtime.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Content-addressed bytes under {@code <data-dir>/content}: each distinct content is stored once, at
 * {@code sha256/<first two hex>/<64 hex>}, whoever uploaded it (S3 objects, blobs, assets, and later
 * site files, function sources and migrations of the apply pipeline).
 *
 * <p>Java API (all methods are thread-safe; concurrent puts of the same bytes are fine):
 * <pre>{@code
 * ContentStore cas = engine.storage().content();
 * ContentRef ref = cas.put(in, expectedSize, expectedSha256Hex); // streams; either may be null
 * cas.put(in, null, null, maxBytes);      // refuses (TOO_LARGE) once more than maxBytes arrive
 * cas.has(sha) / cas.size(sha)            // presence and length, no read
 * try (InputStream s = cas.open(sha, offset, length)) { ... }  // a range; length -1 = to the end
 * cas.path(sha)                           // the file, for zero-copy serving (read only!)
 * cas.gc(liveSha -> referenced)           // mark-and-sweep: deletes what the predicate rejects
 * }</pre>
 *
 * <p>A put writes to a temp file in {@code content/tmp} while hashing, fsyncs it, then moves it
 * atomically into place (a present file is kept: same name means same bytes). When the size or
 * digest differ from what the caller promised, the temp file is removed and a
 * {@link ContentMismatchException} says which. Nothing is ever written outside the store's root: the
 * only names it builds are validated 64-hex digests.
 */
public final class ContentStore {
  private static final int BUFFER = 64 * 1024;

  private final Path root;
  private final Path objects;
  private final Path tmp;

  public ContentStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
    this.objects = this.root.resolve("sha256");
    this.tmp = this.root.resolve("tmp");
    try {
      Files.createDirectories(objects);
      Files.createDirectories(tmp);
      clearTemp();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the content store at " + this.root, e);
    }
  }

  public Path root() {
    return root;
  }

  /** Stores the stream's bytes (read to the end, not closed); checks size and digest when given. */
  public ContentRef put(InputStream in, Long expectedSize, String expectedSha256) {
    return put(in, expectedSize, expectedSha256, Long.MAX_VALUE);
  }

  /** As {@link #put(InputStream, Long, String)}, refusing more than {@code maxBytes} (TOO_LARGE). */
  public ContentRef put(InputStream in, Long expectedSize, String expectedSha256, long maxBytes) {
    if (expectedSha256 != null && !ContentRef.isSha256Hex(expectedSha256)) {
      throw new ContentMismatchException(ContentMismatchException.Kind.SHA256,
          "sha256 must be 64 lower-case hex digits");
    }
    Path t = null;
    try {
      t = Files.createTempFile(tmp, "put-", ".part");
      MessageDigest md = sha256();
      long n = 0;
      try (FileChannel ch = FileChannel.open(t, StandardOpenOption.WRITE);
          OutputStream out = new DigestOutputStream(Channels.newOutputStream(ch), md)) {
        byte[] buf = new byte[BUFFER];
        long limit = expectedSize != null ? Math.min(maxBytes, expectedSize) : maxBytes;
        for (int r; (r = in.read(buf)) != -1; ) {
          n += r;
          if (n > limit) {
            throw tooMuch(expectedSize, maxBytes, n);
          }
          out.write(buf, 0, r);
        }
        out.flush();
        ch.force(true);
      }
      if (expectedSize != null && n != expectedSize) {
        throw new ContentMismatchException(ContentMismatchException.Kind.SIZE,
            "expected " + expectedSize + " bytes, received " + n);
      }
      String hex = HexFormat.of().formatHex(md.digest());
      if (expectedSha256 != null && !expectedSha256.equals(hex)) {
        throw new ContentMismatchException(ContentMismatchException.Kind.SHA256,
            "sha256 of the received bytes is " + hex + ", not " + expectedSha256);
      }
      Path dest = file(hex);
      if (!Files.exists(dest)) {
        Files.createDirectories(dest.getParent());
        moveInto(t, dest);
      }
      return new ContentRef(hex, n);
    } catch (IOException e) {
      throw new UncheckedIOException("content store write failed: " + e.getMessage(), e);
    } finally {
      deleteQuietly(t);
    }
  }

  /** Stores a byte array (small contents: SQL, manifests). */
  public ContentRef put(byte[] bytes) {
    return put(new java.io.ByteArrayInputStream(bytes), (long) bytes.length, null);
  }

  public boolean has(String sha256) {
    return ContentRef.isSha256Hex(sha256) && Files.isRegularFile(file(sha256));
  }

  /** The stored length, or empty when absent. */
  public Optional<Long> size(String sha256) {
    if (!has(sha256)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.size(file(sha256)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The whole content. */
  public InputStream open(String sha256) throws NoSuchFileException {
    return open(sha256, 0, -1);
  }

  /** {@code length} bytes from {@code offset} ({@code length} -1: to the end). */
  public InputStream open(String sha256, long offset, long length) throws NoSuchFileException {
    if (!ContentRef.isSha256Hex(sha256)) {
      throw new NoSuchFileException(String.valueOf(sha256));
    }
    try {
      SeekableByteChannel ch = Files.newByteChannel(file(sha256), StandardOpenOption.READ);
      ch.position(offset);
      InputStream s = Channels.newInputStream(ch);
      return length < 0 ? s : new BoundedInputStream(s, length);
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file holding a content (read-only use: serving with sendfile, for example). */
  public Path path(String sha256) {
    if (!ContentRef.isSha256Hex(sha256)) {
      throw new IllegalArgumentException("not a sha256 hex digest");
    }
    return file(sha256);
  }

  /** Mark-and-sweep: deletes every content for which {@code live} answers false. Returns how many. */
  public int gc(Predicate<String> live) {
    int deleted = 0;
    try (Stream<Path> files = Files.walk(objects, 2)) {
      for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        String name = p.getFileName().toString();
        if (ContentRef.isSha256Hex(name) && !live.test(name) && Files.deleteIfExists(p)) {
          deleted++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("content gc failed: " + e.getMessage(), e);
    }
    return deleted;
  }

  /** Deletes every content (emulator reset). */
  public void clear() {
    gc(sha -> false);
  }

  /** The digests of every stored content (for gc callers and tests). */
  public Set<String> list() {
    Set<String> out = new java.util.TreeSet<>();
    try (Stream<Path> files = Files.walk(objects, 2)) {
      files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
          .filter(ContentRef::isSha256Hex).forEach(out::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private Path file(String hex) {
    return objects.resolve(hex.substring(0, 2)).resolve(hex);
  }

  private static void moveInto(Path t, Path dest) throws IOException {
    try {
      Files.move(t, dest, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      // Another put of the same bytes won: same name, same content.
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(t, dest, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static ContentMismatchException tooMuch(Long expectedSize, long maxBytes, long n) {
    if (expectedSize != null && expectedSize <= maxBytes) {
      return new ContentMismatchException(ContentMismatchException.Kind.SIZE,
          "expected " + expectedSize + " bytes, received more");
    }
    return new ContentMismatchException(ContentMismatchException.Kind.TOO_LARGE,
        "more than " + maxBytes + " bytes");
  }

  private void clearTemp() throws IOException {
    try (Stream<Path> files = Files.list(tmp)) {
      files.forEach(ContentStore::deleteQuietly); // leftovers of a killed JVM
    }
  }

  private static void deleteQuietly(Path p) {
    if (p == null) {
      return;
    }
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a temp file; the next start clears the directory
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package com.run402.local.runtime.db;

import com.run402.local.runtime.StartupException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL binaries from zonky's per-platform Maven artifacts, extracted once into a cache
 * directory keyed by version and platform. Unlike zonky's EmbeddedPostgres we do not re-read and
 * hash the 15 MB archive on every start: a marker file written after a complete extraction is the
 * whole check, which is what makes a warm start well under a second.
 */
public final class PostgresBinaries {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresBinaries.class);
  private static final String MARKER = ".run402-complete";

  private final Path home;

  private PostgresBinaries(Path home) {
    this.home = home;
  }

  /** The directory holding bin/, lib/ and share/. */
  public Path home() {
    return home;
  }

  public Path bin(String name) {
    return home.resolve("bin").resolve(name);
  }

  /** Extracts the binaries for this platform under {@code cacheRoot} unless already there. */
  public static PostgresBinaries ensure(Path cacheRoot, String version) {
    String platform = platform();
    String resource = "/postgres-" + platform + ".txz";
    Path home = cacheRoot.resolve("postgres-" + version + "-" + platform);
    if (Files.exists(home.resolve(MARKER))) {
      return new PostgresBinaries(searchable(home));
    }
    try {
      Files.createDirectories(cacheRoot);
    } catch (IOException e) {
      throw new StartupException(
          "Cannot create the binaries cache " + cacheRoot + ": " + e.getMessage()
              + ". Point --cache-dir (RUN402_LOCAL_CACHE_DIR) at a writable directory.", e);
    }
    Path lockFile = cacheRoot.resolve(".extract.lock");
    try (FileChannel channel = new RandomAccessFile(lockFile.toFile(), "rw").getChannel();
        FileLock ignored = channel.lock()) {
      if (Files.exists(home.resolve(MARKER))) {
        return new PostgresBinaries(home);
      }
      long started = System.nanoTime();
      Path tmp = Files.createTempDirectory(cacheRoot, "extract-");
      try (InputStream raw = PostgresBinaries.class.getResourceAsStream(resource)) {
        if (raw == null) {
          throw new StartupException(
              "No PostgreSQL binaries for platform " + platform + " on the classpath (" + resource
                  + "). Supported: linux-x86_64, linux-arm_64, darwin-x86_64, darwin-arm_64.");
        }
        if (!extractWithTar(raw, tmp)) {
          try (InputStream again = PostgresBinaries.class.getResourceAsStream(resource)) {
            Files2.deleteTree(tmp);
            Files.createDirectories(tmp);
            extract(again, tmp);
          }
        }
      }
      Files.writeString(tmp.resolve(MARKER), version + "\n");
      // createTempDirectory makes the directory 700; the server may run as another user (setpriv).
      Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      Files2.deleteTree(home);
      Files.move(tmp, home, StandardCopyOption.ATOMIC_MOVE);
      LOG.info("Extracted PostgreSQL {} ({}) to {} in {} ms", version, platform, home,
          (System.nanoTime() - started) / 1_000_000);
      return new PostgresBinaries(home);
    } catch (IOException e) {
      throw new StartupException("Cannot extract PostgreSQL binaries to " + home + ": " + e, e);
    }
  }

  private static Path searchable(Path home) {
    try {
      var perms = java.util.EnumSet.copyOf(Files.getPosixFilePermissions(home));
      if (perms.add(PosixFilePermission.OTHERS_EXECUTE) | perms.add(PosixFilePermission.OTHERS_READ)) {
        Files.setPosixFilePermissions(home, perms);
      }
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("cannot adjust permissions of {}: {}", home, e.getMessage());
    }
    return home;
  }

  static String platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String osPart = os.contains("mac") || os.contains("darwin") ? "darwin" : os.contains("linux") ? "linux" : os;
    String archPart =
        switch (arch) {
          case "amd64", "x86_64" -> "x86_64";
          case "aarch64", "arm64" -> "arm_64";
          default -> arch;
        };
    return osPart + "-" + archPart;
  }

  /**
   * The system's tar and xz decompress about three times faster than xz-java; used when present
   * (the first run's budget is a few seconds). Returns false to fall back to the Java extractor.
   */
  private static boolean extractWithTar(InputStream raw, Path target) {
    if (!onPath("tar") || !onPath("xz")) {
      return false;
    }
    try {
      Process p = new ProcessBuilder("tar", "-xJf", "-", "-C", target.toString())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      try (var stdin = p.getOutputStream()) {
        raw.transferTo(stdin);
      }
      return p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      LOG.debug("tar extraction failed ({}); using the Java extractor", e.getMessage());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean onPath(String exe) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, exe))) {
        return true;
      }
    }
    return false;
  }

  private static void extract(InputStream raw, Path target) throws IOException {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(raw, 1 << 16)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path out = target.resolve(entry.getName()).normalize();
        if (!out.startsWith(target)) {
          throw new IOException("Archive entry escapes the target directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
        } else if (entry.isSymbolicLink()) {
          Files.createDirectories(out.getParent());
          Files.deleteIfExists(out);
          Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
          setMode(out, entry.getMode());
        }
      }
    }
  }

  private static void setMode(Path file, int mode) throws IOException {
    Set<PosixFilePermission> perms = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
    if ((mode & 0111) != 0) {
      perms.add(PosixFilePermission.OWNER_EXECUTE);
      perms.add(PosixFilePermission.GROUP_EXECUTE);
      perms.add(PosixFilePermission.OTHERS_EXECUTE);
    }
    try {
      Files.setPosixFilePermissions(file, perms);
    } catch (UnsupportedOperationException e) {
      file.toFile().setExecutable((mode & 0111) != 0, false);
    }
  }
}

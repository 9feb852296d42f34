package com.run402.local.runtime.functions;

import com.run402.local.runtime.StartupException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The function runtime shipped with the jar ({@code run402/functions-runtime}: the worker script and, installed
 * by the Maven build with npm ci, esbuild and the real {@code @run402/functions}). Used in place when the
 * classes come from a directory (tests); extracted once into the cache dir when they come from a jar.
 */
final class NodeRuntime {
  static final String RESOURCE = "run402/functions-runtime";
  static final int UNUSED_DAYS = 14;
  private final Path home;

  private NodeRuntime(Path home) {
    this.home = home;
  }

  static NodeRuntime locate(Path cacheDir) {
    URL worker = NodeRuntime.class.getClassLoader().getResource(RESOURCE + "/worker.mjs");
    if (worker == null) {
      throw new StartupException("The function runtime (" + RESOURCE + ") is missing from the classpath; "
          + "rebuild with Maven so npm ci installs it.");
    }
    try {
      URI uri = worker.toURI();
      Path home = "file".equals(uri.getScheme()) ? Path.of(uri).getParent() : extract(uri, cacheDir);
      if (!Files.isDirectory(home.resolve("node_modules/@run402/functions"))) {
        throw new StartupException("The function runtime at " + home + " has no node_modules/@run402/functions; "
            + "rebuild with Maven (npm ci runs in process-resources).");
      }
      return new NodeRuntime(home);
    } catch (URISyntaxException | IOException e) {
      throw new StartupException("Cannot prepare the function runtime: " + e.getMessage(), e);
    }
  }

  Path home() {
    return home;
  }

  Path worker() {
    return home.resolve("worker.mjs");
  }

  Path nodeModules() {
    return home.resolve("node_modules");
  }

  /** esbuild's native binary for this platform, or empty when only the JS launcher can run it. */
  Path esbuild() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac") ? "darwin" : "linux";
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String a = arch.contains("aarch64") || arch.contains("arm64") ? "arm64" : "x64";
    return nodeModules().resolve("@esbuild/" + os + "-" + a + "/bin/esbuild");
  }

  private static Path extract(URI jarUri, Path cacheDir) throws IOException {
    String jar = jarUri.getSchemeSpecificPart();
    jar = jar.substring(0, jar.indexOf("!/"));
    Path jarFile = Path.of(URI.create(jar));
    String stamp = Long.toHexString(Files.size(jarFile)) + "-"
        + Long.toHexString(Files.getLastModifiedTime(jarFile).toMillis());
    Path target = cacheDir.resolve("functions-runtime").resolve(stamp);
    if (Files.exists(target.resolve(".complete"))) {
      markUsedAndPrune(target, Instant.now());
      return target;
    }
    Path tmp = Files.createDirectories(cacheDir.resolve("functions-runtime")).resolve(stamp + ".tmp" + ProcessHandle
        .current().pid());
    try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + jar), Map.of());
        Stream<Path> all = Files.walk(fs.getPath("/" + RESOURCE))) {
      Path root = fs.getPath("/" + RESOURCE);
      for (Path p : (Iterable<Path>) all::iterator) {
        Path out = tmp.resolve(root.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(out);
        } else {
          try (InputStream in = Files.newInputStream(p)) {
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
          }
          if (p.toString().contains("/bin/")) {
            out.toFile().setExecutable(true);
          }
        }
      }
    }
    Files.writeString(tmp.resolve(".complete"), "ok");
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException raced) {
      if (!Files.exists(target.resolve(".complete"))) {
        throw raced;
      }
    }
    markUsedAndPrune(target, Instant.now());
    return target;
  }

  /**
   * Each jar (each version, and each rebuild of a snapshot) extracts its own runtime, ~25 MB; without pruning they
   * pile up for ever. A runtime's {@code .complete} is touched whenever an emulator starts from it, and a sibling
   * not started from for {@value #UNUSED_DAYS} days is deleted, as is an extraction left unfinished for a day.
   * An emulator running that long without a restart keeps its workers going (Node has the files open) but would
   * not start new ones; the window makes that a non-case. Best effort: a failure here never stops a start.
   */
  static void markUsedAndPrune(Path current, Instant now) {
    try {
      Files.setLastModifiedTime(current.resolve(".complete"), FileTime.from(now));
      try (Stream<Path> siblings = Files.list(current.getParent())) {
        for (Path p : (Iterable<Path>) siblings::iterator) {
          if (p.equals(current) || !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            continue;
          }
          Path done = p.resolve(".complete");
          boolean unused = Files.exists(done)
              ? Files.getLastModifiedTime(done).toInstant().isBefore(now.minus(Duration.ofDays(UNUSED_DAYS)))
              : p.getFileName().toString().contains(".tmp")
                  && Files.getLastModifiedTime(p).toInstant().isBefore(now.minus(Duration.ofDays(1)));
          if (unused) {
            com.run402.local.runtime.db.Files2.deleteTree(p);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // best effort: an old runtime left behind costs disk, not correctness
    }
  }

}

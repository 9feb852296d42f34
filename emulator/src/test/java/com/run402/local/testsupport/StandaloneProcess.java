package com.run402.local.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The standalone jar run as a child process, the way ./run402-local.sh runs it. */
public final class StandaloneProcess implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("^run402-local listening on (http://\\S+)$");

  private final Process process;
  private final URI baseUri;

  private StandaloneProcess(Process process, URI baseUri) {
    this.process = process;
    this.baseUri = baseUri;
  }

  /** What a process that exited printed. */
  public record Result(int exitCode, String stdout, String stderr) {}

  public static Path jar() {
    String p = System.getProperty("run402.standalone.jar");
    Path jar = p != null ? Path.of(p) : Path.of("target/run402-local-0.1.0-SNAPSHOT-standalone.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException("standalone jar missing: " + jar + " (run mvn package)");
    }
    return jar;
  }

  private static ProcessBuilder builder(String... args) {
    return builder(List.of(), jar(), args);
  }

  private static ProcessBuilder builder(List<String> prefix, Path jar, String... args) {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-jar", jar.toString(), "--log-level", "warn"));
    if (!List.of(args).contains("--s3-port")) {
      cmd.addAll(List.of("--s3-port", "0")); // never the fixed default 4403: tests must not collide
    }
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd);
  }

  public static StandaloneProcess start(String... args) throws Exception {
    return startWith(builder(args));
  }

  /** Runs {@code jar} behind {@code prefix} (e.g. setpriv as another user). */
  public static StandaloneProcess startAs(List<String> prefix, Path jar, String... args) throws Exception {
    return startWith(builder(prefix, jar, args));
  }

  private static StandaloneProcess startWith(ProcessBuilder pb) throws Exception {
    Process p = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (IOException e) {
        return null;
      }
    });
    String first = line.get(60, TimeUnit.SECONDS);
    Matcher m = first == null ? null : READY.matcher(first);
    if (m == null || !m.matches()) {
      p.destroyForcibly();
      throw new IllegalStateException("emulator did not print its ready line; first line: " + first);
    }
    Thread drain = new Thread(() -> {
      try {
        out.transferTo(java.io.Writer.nullWriter());
      } catch (IOException ignored) {
        // process ended
      }
    }, "standalone-stdout");
    drain.setDaemon(true);
    drain.start();
    return new StandaloneProcess(p, URI.create(m.group(1)));
  }

  public static Result runToExit(String... args) throws Exception {
    Process p = builder(args).start();
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("emulator did not exit within 90 s");
    }
    return new Result(p.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  public URI baseUri() {
    return baseUri;
  }

  /** Postgres processes started by this JVM (direct children). */
  public List<Long> postgresPids() {
    return process.toHandle().children()
        .filter(h -> h.info().command().map(c -> c.endsWith("postgres")).orElse(false))
        .map(ProcessHandle::pid).toList();
  }

  /** SIGTERM and wait (as Ctrl-C would). */
  public void terminate() throws InterruptedException {
    List<ProcessHandle> kids = process.toHandle().children().toList();
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("emulator ignored SIGTERM for 30 s");
    }
    for (ProcessHandle k : kids) {
      k.onExit().orTimeout(10, TimeUnit.SECONDS).join();
    }
  }

  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}

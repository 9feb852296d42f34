package com.run402.local.runtime.functions;

import com.run402.local.runtime.error.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * TypeScript or JavaScript source (one file, or a file set from its entrypoint) to one ES module with an inline source map, through the esbuild shipped with
 * the jar (production transforms with {@code loader: "ts"} too; legacy-gateway 6.1). The map names
 * {@code <name>.ts}, so with {@code --enable-source-maps} stack traces point at the user's lines.
 */
final class Compiler {
  /** The options of every build; part of {@link BuildInfo}'s fingerprint, so changing them marks modules stale. */
  static final List<String> SHARED_OPTIONS = List.of("--format=esm", "--platform=node", "--target=node20",
      "--sourcemap=inline", "--log-level=error");
  private final NodeRuntime runtime;
  private final String node;

  Compiler(NodeRuntime runtime, String node) {
    this.runtime = runtime;
    this.node = node;
  }

  /** One source file (TypeScript or JavaScript) to an ES module; its imports stay imports, resolved at run time. */
  String compile(String name, String source) {
    List<String> args = List.of("--loader=ts", "--sourcefile=" + name + ".ts");
    return run(args, source.getBytes(StandardCharsets.UTF_8), null);
  }

  /**
   * A multi-file function (api-contract 2.2 {@code files} + {@code entrypoint}) bundled from its entrypoint into one
   * ES module: the set's own files (relative imports, JSON, text) are inlined, packages ({@code @run402/functions},
   * deps) stay imports. Source-map paths are the set's relative paths, so stack traces name the user's files.
   */
  String bundle(Map<String, byte[]> files, String entrypoint) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("run402-fn-src");
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        Path target = dir.resolve(f.getKey()).normalize();
        if (!target.startsWith(dir) || target.equals(dir)) {
          throw ApiException.badRequest("invalid_spec", "Invalid function file path '" + f.getKey() + "'");
        }
        Files.createDirectories(target.getParent());
        Files.write(target, f.getValue());
      }
      return run(List.of("./" + entrypoint, "--bundle", "--packages=external"), null, dir);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot stage the function's files: " + e.getMessage(), e);
    } finally {
      if (dir != null) {
        try {
          com.run402.local.runtime.db.Files2.deleteTree(dir);
        } catch (IOException e) {
          // a leftover temporary folder
        }
      }
    }
  }

  /** esbuild with the shared options plus {@code args}: source from stdin (or the entry in args), module on stdout. */
  private String run(List<String> args, byte[] stdin, Path cwd) {
    List<String> cmd = new ArrayList<>();
    if (Files.isExecutable(runtime.esbuild())) {
      cmd.add(runtime.esbuild().toString());
    } else {
      cmd.add(node);
      cmd.add(runtime.nodeModules().resolve("esbuild/bin/esbuild").toString());
    }
    cmd.addAll(args);
    cmd.addAll(SHARED_OPTIONS);
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd);
      if (cwd != null) {
        pb.directory(cwd.toFile());
      }
      Process p = pb.start();
      CompletableFuture<byte[]> out = read(p.getInputStream());
      CompletableFuture<byte[]> err = read(p.getErrorStream());
      try (OutputStream in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin);
        }
      }
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new ApiException(503, "transpile_timeout", "Transpilation took longer than 30 s");
      }
      String stderr = new String(err.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8).trim();
      if (p.exitValue() != 0) {
        throw ApiException.badRequest("transpile_failed", "Transpilation failed: " + stderr);
      }
      return new String(out.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("esbuild could not run: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "shutting_down", "The emulator is stopping");
    }
  }

  private static CompletableFuture<byte[]> read(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        return in.readAllBytes();
      } catch (IOException e) {
        return new byte[0];
      }
    });
  }
}

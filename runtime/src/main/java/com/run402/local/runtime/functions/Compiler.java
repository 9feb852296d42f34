package com.run402.local.runtime.functions;

import com.run402.local.runtime.error.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * TypeScript or JavaScript source to one ES module with an inline source map, through the esbuild shipped with
 * the jar (production transforms with {@code loader: "ts"} too; legacy-gateway 6.1). The map names
 * {@code <name>.ts}, so with {@code --enable-source-maps} stack traces point at the user's lines.
 */
final class Compiler {
  private final NodeRuntime runtime;
  private final String node;

  Compiler(NodeRuntime runtime, String node) {
    this.runtime = runtime;
    this.node = node;
  }

  String compile(String name, String source) {
    List<String> cmd = new ArrayList<>();
    if (Files.isExecutable(runtime.esbuild())) {
      cmd.add(runtime.esbuild().toString());
    } else {
      cmd.add(node);
      cmd.add(runtime.nodeModules().resolve("esbuild/bin/esbuild").toString());
    }
    cmd.addAll(List.of("--loader=ts", "--format=esm", "--platform=node", "--target=node20",
        "--sourcemap=inline", "--sourcefile=" + name + ".ts", "--log-level=error"));
    try {
      Process p = new ProcessBuilder(cmd).start();
      CompletableFuture<byte[]> out = read(p.getInputStream());
      CompletableFuture<byte[]> err = read(p.getErrorStream());
      try (OutputStream in = p.getOutputStream()) {
        in.write(source.getBytes(StandardCharsets.UTF_8));
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

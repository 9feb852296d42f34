package com.run402.local.runtime.functions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.run402.local.runtime.s3.SigV4;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What this emulator builds function modules with: the bundled {@code @run402/functions} version, and a
 * fingerprint of everything that shapes a module (the esbuild and {@code @run402/functions} versions, the
 * build options). A function whose recorded fingerprint differs was built by another run402-local version;
 * {@code rebuild} brings it onto this one (api-contract 2.3).
 */
public record BuildInfo(String fingerprint, String runtimeVersion) {

  static BuildInfo of(NodeRuntime runtime, ObjectMapper json) {
    String functions = version(runtime.nodeModules().resolve("@run402/functions/package.json"), json);
    String esbuild = version(runtime.nodeModules().resolve("esbuild/package.json"), json);
    String inputs = "esbuild " + esbuild + "\n@run402/functions " + functions + "\noptions "
        + String.join(" ", Compiler.SHARED_OPTIONS) + "\n";
    return new BuildInfo(SigV4.sha256Hex(inputs).substring(0, 32), functions);
  }

  private static String version(Path packageJson, ObjectMapper json) {
    try {
      return json.readTree(packageJson.toFile()).path("version").asText("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}

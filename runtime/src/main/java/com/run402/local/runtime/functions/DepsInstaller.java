package com.run402.local.runtime.functions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.run402.local.runtime.db.Processes;
import com.run402.local.runtime.error.ApiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A function's {@code deps} installed with npm into its own folder: from the registry when it answers, else
 * from the local npm cache ({@code --offline}), else a 400 naming both failures. Production records deps
 * without installing them (legacy-gateway 6.1); the current API resolves them, so the emulator does too.
 */
final class DepsInstaller {
  private static final Logger LOG = LoggerFactory.getLogger("run402.functions.npm");
  /** npm package spec: optional scope, name, optional @version/range/tag; no URLs, paths or git. */
  private static final String SPEC = "(@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]*(@[A-Za-z0-9.^~<>=*|+ -]{1,64})?";
  private final FunctionsOptions options;
  private final Path npmCache;
  private final ObjectMapper json;

  DepsInstaller(FunctionsOptions options, Path npmCache, ObjectMapper json) {
    this.options = options;
    this.npmCache = npmCache;
    this.json = json;
  }

  static List<String> validate(List<String> deps) {
    for (String d : deps) {
      if (d == null || !d.matches(SPEC)) {
        throw ApiException.badRequest("invalid_deps", "'deps' must be an array of npm package names (got '" + d + "')");
      }
      if (d.equals("@run402/functions") || d.startsWith("@run402/functions@")) {
        throw ApiException.badRequest("invalid_deps", "@run402/functions is provided by the platform; remove it from deps");
      }
    }
    return List.copyOf(deps);
  }

  /** Installs {@code deps} into {@code dir}; each direct dep's name mapped to the version npm installed. */
  Map<String, String> install(Path dir, List<String> deps) {
    if (deps.isEmpty()) {
      return Map.of();
    }
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("package.json"), "{\"private\":true,\"type\":\"module\"}\n");
    } catch (IOException e) {
      throw new IllegalStateException("Cannot prepare " + dir + ": " + e.getMessage(), e);
    }
    String online = npm(dir, deps, false);
    if (online == null) {
      return resolved(dir, deps);
    }
    String offline = npm(dir, deps, true);
    if (offline == null) {
      LOG.info("Installed {} for {} from the local npm cache (registry unreachable)", deps, dir);
      return resolved(dir, deps);
    }
    throw ApiException.badRequest("deps_unavailable", "Cannot install deps " + deps + ": the npm registry failed ("
        + summary(online) + ") and the local cache does not have them (" + summary(offline) + ")");
  }

  /** What npm put in {@code node_modules} for each spec ({@code name@range} -> name -> installed version). */
  private Map<String, String> resolved(Path dir, List<String> deps) {
    Map<String, String> out = new java.util.TreeMap<>();
    for (String spec : deps) {
      int at = spec.indexOf('@', spec.startsWith("@") ? 1 : 0);
      String name = at < 0 ? spec : spec.substring(0, at);
      try {
        out.put(name, json.readTree(dir.resolve("node_modules").resolve(name).resolve("package.json").toFile())
            .path("version").asText());
      } catch (IOException e) {
        throw new IllegalStateException("npm reported " + spec + " installed, but " + name + " is not in "
            + dir.resolve("node_modules") + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** Null on success, else the last lines npm wrote. */
  private String npm(Path dir, List<String> deps, boolean offline) {
    List<String> cmd = new ArrayList<>(List.of(options.npm(), "install", "--prefix", dir.toString(), "--no-audit",
        "--no-fund", "--no-package-lock", "--ignore-scripts", "--loglevel=error", "--cache", npmCache.toString()));
    if (options.registry() != null) {
      cmd.add("--registry=" + options.registry());
    }
    cmd.add(offline ? "--offline" : "--prefer-online");
    if (!offline) {
      cmd.add("--fetch-timeout=15000");
      cmd.add("--fetch-retries=0");
    }
    cmd.addAll(deps);
    try {
      Processes.Result r = Processes.run(cmd, Map.of(), options.depsTimeout(), LOG);
      return r.ok() ? null : r.output();
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  /**
   * npm's error code and first message line ("ECONNREFUSED: FetchError: request to ... failed, reason: ..."); its
   * last line only points at the debug log. Other output (a timeout, a missing npm) gives its first line.
   */
  private static String summary(String out) {
    String code = null;
    String message = null;
    for (String raw : (out == null ? "" : out).split("\\R")) {
      String line = raw.replaceFirst("^npm (error|ERR!)", "").strip();
      if (line.isEmpty() || line.regionMatches(true, 0, "npm warn", 0, 8) || line.startsWith("A complete log")) {
        continue;
      }
      if (code == null && line.startsWith("code ")) {
        code = line.substring(5).strip();
      } else if (message == null && !line.matches("(syscall|errno) .*")) {
        message = line;
      }
    }
    if (message == null) {
      return code == null ? "no output" : code;
    }
    String text = code == null ? message : code + ": " + message;
    return text.length() > 300 ? text.substring(0, 300) : text;
  }
}

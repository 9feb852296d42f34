package com.run402.local.runtime.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.run402.local.runtime.error.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real npm installs of a function's deps from a registry served by the test, and from npm's cache without it. */
@Timeout(60)
class DepsInstallerIT {
  static final String DEP = "run402-local-test-dep";

  @TempDir
  Path tmp;

  DepsInstaller installer(TestNpmRegistry registry) {
    FunctionsOptions options = new FunctionsOptions("node", "npm", 1, Duration.ofSeconds(10), Duration.ofSeconds(30),
        registry.url());
    return new DepsInstaller(options, tmp.resolve("npm-cache"), new com.fasterxml.jackson.databind.ObjectMapper());
  }

  @Test
  void installs_from_the_registry_into_the_function_folder() throws Exception {
    try (TestNpmRegistry registry = new TestNpmRegistry(DEP, false)) {
      java.util.Map<String, String> resolved = installer(registry).install(tmp.resolve("fn"), List.of(DEP + "@^1"));

      assertThat(resolved).as("the installed version, not the spec").containsExactly(
          java.util.Map.entry(DEP, TestNpmRegistry.VERSION));
      assertThat(tmp.resolve("fn/node_modules/" + DEP + "/package.json")).isRegularFile();
      assertThat(importAnswer(tmp.resolve("fn"))).isEqualTo("42");
      assertThat(registry.requests()).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void installs_a_fetched_package_from_the_npm_cache_when_the_registry_is_down() throws Exception {
    installAgainWithTheRegistryDown(false);
  }

  /**
   * With {@code Cache-Control: must-revalidate} npm's online attempt may not fall back to its stale copy (it does for
   * the registry's usual max-age), so it fails with ECONNREFUSED and only the {@code --offline} retry can install.
   */
  @Test
  void falls_back_to_an_offline_install_when_the_online_one_fails() throws Exception {
    installAgainWithTheRegistryDown(true);
  }

  private void installAgainWithTheRegistryDown(boolean mustRevalidate) throws Exception {
    try (TestNpmRegistry registry = new TestNpmRegistry(DEP, mustRevalidate)) {
      DepsInstaller installer = installer(registry);
      installer.install(tmp.resolve("first"), List.of(DEP));
      registry.close();

      installer.install(tmp.resolve("second"), List.of(DEP));

      assertThat(importAnswer(tmp.resolve("second"))).isEqualTo("42");
    }
  }

  @Test
  void a_package_neither_registry_nor_cache_has_is_deps_unavailable() throws Exception {
    DepsInstaller installer;
    try (TestNpmRegistry registry = new TestNpmRegistry(DEP, false)) {
      installer = installer(registry);
    }

    assertThatThrownBy(() -> installer.install(tmp.resolve("fn"), List.of("run402-local-test-never-fetched")))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.error()).isEqualTo("deps_unavailable");
          assertThat(e.getMessage())
              .contains("run402-local-test-never-fetched")
              .contains("the npm registry failed (ECONNREFUSED")
              .contains("the local cache does not have them (ENOTCACHED");
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://example.com/x.tgz", "git+https://github.com/a/b.git", "github:a/b", "./lib",
      "../lib", "/abs/lib", "file:../lib", "lodash@https://example.com/x.tgz", "lodash@file:../x", "a b", "",
      "@run402/functions", "@run402/functions@1.2.0"})
  void rejects_anything_but_registry_package_specs(String spec) {
    assertThatThrownBy(() -> DepsInstaller.validate(List.of("lodash", spec)))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.error()).isEqualTo("invalid_deps");
        });
  }

  @Test
  void accepts_names_scopes_versions_ranges_and_tags_but_not_null() {
    List<String> deps = List.of("lodash", "lodash@4.17.21", "@scope/pkg@^1.2.0", "zod@>=3 <4", "react@latest");
    assertThat(DepsInstaller.validate(deps)).isEqualTo(deps);
    assertThatThrownBy(() -> DepsInstaller.validate(Arrays.asList("lodash", null)))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error()).isEqualTo("invalid_deps"));
  }

  /** What {@code import { answer } from '<DEP>'} gives a module run in {@code dir}, as a function's code would. */
  static String importAnswer(Path dir) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("node", "--input-type=module", "-e",
        "import { answer } from '" + DEP + "'; console.log(answer);")
        .directory(dir.toFile()).redirectErrorStream(true).start();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("node did not finish in 20 s");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.exitValue()).as("node output: %s", out).isZero();
    return out;
  }
}

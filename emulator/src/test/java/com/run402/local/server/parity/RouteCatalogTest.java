package com.run402.local.server.parity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class RouteCatalogTest {

  private static final String SURFACE = "appendix-sync-SURFACE.txt";
  private static final Pattern ENDPOINT = Pattern.compile("^(GET|POST|PUT|PATCH|DELETE)\\s+(/\\S*)(.*)$");
  private static final Pattern EXTRA = Pattern.compile("\\(\\+ (/[^)]+)\\)");

  private final RouteCatalog catalog = RouteCatalog.standard();

  @Test
  void loads_distinct_well_formed_routes() {
    List<RouteEntry> routes = RouteCatalog.load();
    assertThat(routes).hasSizeGreaterThan(250);
    Set<String> seen = new HashSet<>();
    for (RouteEntry r : routes) {
      assertThat(r.path()).startsWith("/").doesNotContain("?").doesNotEndWith("/");
      assertThat(RouteCatalog.METHODS).contains(r.method());
      assertThat(seen.add(r.method() + " " + r.normalizedPath())).as("duplicate %s %s", r.method(), r.path()).isTrue();
    }
    assertThat(routes).extracting(RouteEntry::source).containsOnly("surface", "sdk", "contract", "legacy");
  }

  @Test
  void covers_every_surface_row_that_names_a_method_and_path() throws IOException {
    Optional<Path> file = surfaceFile();
    Assumptions.assumeTrue(file.isPresent(), SURFACE + " not found next to the repository; skipping");
    List<String> missing = new ArrayList<>();
    int checked = 0;
    for (String line : Files.readAllLines(file.get(), StandardCharsets.UTF_8)) {
      String[] cols = line.split("\\|");
      Matcher m = cols.length > 1 ? ENDPOINT.matcher(cols[1].trim()) : null;
      if (m == null || !m.matches()) {
        continue;
      }
      String path = m.group(2).split("\\?")[0];
      List<List<String>> alternatives = new ArrayList<>();
      if (path.contains("[")) { // "heads[/:generation]": both spellings must be served
        alternatives.add(List.of(path.substring(0, path.indexOf('['))));
        alternatives.add(List.of(path.replace("[", "").replace("]", "")));
      } else {
        alternatives.add(List.of(path));
      }
      Matcher extra = EXTRA.matcher(m.group(3));
      while (extra.find()) { // "(+ /x)" overlaps, nests under or sits beside the path: any reading will do
        String parent = path.substring(0, path.lastIndexOf('/'));
        String lastSegment = path.substring(path.lastIndexOf('/'));
        String x = extra.group(1);
        alternatives.add(List.of(x.startsWith(lastSegment + "/") ? parent + x : path + x, path + x, parent + x));
      }
      for (List<String> candidates : alternatives) {
        checked++;
        if (candidates.stream().noneMatch(p -> covered(m.group(1), p))) {
          missing.add(cols[0] + ": " + m.group(1) + " " + candidates);
        }
      }
    }
    assertThat(checked).isGreaterThan(200);
    assertThat(missing).as("SURFACE endpoints without a catalogued route").isEmpty();
  }

  @Test
  void finds_the_most_specific_route_for_concrete_requests() {
    assertThat(catalog.find("GET", "/projects/v1/prj_1_0001")).map(RouteEntry::path).contains("/projects/v1/:id");
    assertThat(catalog.find("GET", "/storage/v1/blob/a/b/c.txt")).map(RouteEntry::path).contains("/storage/v1/blob/:key*");
    assertThat(catalog.find("POST", "/storage/v1/blob/a/b/c.txt/sign")).map(RouteEntry::path).contains("/storage/v1/blob/:key*/sign");
    assertThat(catalog.find("DELETE", "/functions/v1/hello")).map(RouteEntry::method).contains("ANY");
    assertThat(catalog.find("GET", "/apply/v1/releases/active")).map(RouteEntry::path).contains("/apply/v1/releases/active");
    assertThat(catalog.find("PATCH", "/mailboxes/v1/settings")).map(RouteEntry::path).contains("/mailboxes/v1/settings");
    assertThat(catalog.find("GET", "/rest/v1/todos?select=id")).map(RouteEntry::path).contains("/rest/v1/:table");
    assertThat(catalog.find("GET", "/storage/v1/blob")).isEmpty();
    assertThat(catalog.find("POST", "/no/such/route")).isEmpty();
  }

  @Test
  void converts_paths_to_javalin_syntax() {
    RouteEntry entry = new RouteEntry("POST", "/storage/v1/blob/:key*/sign", "storage", "surface");
    assertThat(entry.javalinPath()).isEqualTo("/storage/v1/blob/<key>/sign");
    assertThat(new RouteEntry("GET", "/projects/v1/:id", "projects", "surface").javalinPath()).isEqualTo("/projects/v1/{id}");
    assertThat(entry.normalizedPath()).isEqualTo("/storage/v1/blob/*/sign");
  }

  @Test
  void rejects_a_line_with_the_wrong_number_of_columns() {
    assertThatThrownBy(() -> RouteCatalog.parse(List.of("method\tpath\tfamily\tsource", "GET\t/x\tx")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("line 2");
  }

  /** True when the catalogue serves {@code method path} with a route of exactly that shape. */
  private boolean covered(String method, String surfacePath) {
    StringBuilder concrete = new StringBuilder();
    StringBuilder shape = new StringBuilder();
    for (String seg : surfacePath.substring(1).split("/")) {
      boolean wildcard = seg.startsWith("{") || seg.endsWith("*");
      boolean param = wildcard || seg.startsWith(":");
      concrete.append('/').append(param ? "x1" : seg);
      shape.append('/').append(wildcard ? "*" : param ? ":" : seg);
    }
    return catalog.find(method, concrete.toString())
        .filter(r -> r.acceptsMethod(method) && r.normalizedPath().equals(shape.toString()))
        .isPresent();
  }

  private static Optional<Path> surfaceFile() {
    String userDir = System.getProperty("user.dir");
    List<Path> candidates = new ArrayList<>();
    String root = System.getProperty("run402.repo.root");
    if (root != null) {
      candidates.add(Path.of(root).resolve("../shared/docs").resolve(SURFACE));
    }
    candidates.add(Path.of(userDir, "..", "..", "shared", "docs", SURFACE));
    candidates.add(Path.of(userDir, "..", "shared", "docs", SURFACE));
    return candidates.stream().map(Path::normalize).filter(Files::isRegularFile).findFirst();
  }
}

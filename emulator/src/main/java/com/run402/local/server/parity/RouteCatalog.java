package com.run402.local.server.parity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The catalogue of every production route the parity report lists, read from {@code /run402/routes.tsv}
 * (columns {@code method, path, family, source}; built from the SURFACE map, the SDK call lists,
 * api-contract.md and legacy-gateway.md).
 */
public final class RouteCatalog {

  public static final String RESOURCE = "/run402/routes.tsv";
  static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "ANY");
  private static final Set<String> SOURCES = Set.of("surface", "sdk", "contract", "legacy");

  private final List<RouteEntry> routes;

  public RouteCatalog(List<RouteEntry> routes) {
    this.routes = List.copyOf(routes);
  }

  /** A catalogue over the bundled resource. */
  public static RouteCatalog standard() {
    return new RouteCatalog(load());
  }

  public List<RouteEntry> routes() {
    return routes;
  }

  /** Reads {@link #RESOURCE} from the classpath; throws {@link IllegalStateException} naming the bad line. */
  public static List<RouteEntry> load() {
    try (InputStream in = RouteCatalog.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Route catalogue " + RESOURCE + " is not on the classpath");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      return parse(reader.lines().toList());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + RESOURCE, e);
    }
  }

  static List<RouteEntry> parse(List<String> lines) {
    List<RouteEntry> out = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) { // line 1 is the header
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      String[] cols = line.split("\t", -1);
      String where = RESOURCE + " line " + (i + 1) + " (\"" + line + "\"): ";
      if (cols.length != 4) {
        throw new IllegalStateException(where + "expected 4 tab-separated columns, found " + cols.length);
      }
      if (!METHODS.contains(cols[0])) {
        throw new IllegalStateException(where + "unknown method " + cols[0]);
      }
      if (!cols[1].startsWith("/") || cols[2].isEmpty() || !SOURCES.contains(cols[3])) {
        throw new IllegalStateException(where + "path must start with '/', family must be set, source one of " + SOURCES);
      }
      out.add(new RouteEntry(cols[0], cols[1], cols[2], cols[3]));
    }
    return out;
  }

  /**
   * The route serving a concrete request, e.g. {@code find("GET", "/projects/v1/prj_1_0001")}. When several
   * patterns match, the most specific wins: more literal segments, then literals earlier in the path, then
   * fewer multi-segment parameters, then an exact method over {@code ANY}.
   */
  public Optional<RouteEntry> find(String method, String path) {
    List<String> request = requestSegments(path);
    return routes.stream()
        .filter(r -> r.acceptsMethod(method) && matches(r.segments(), 0, request, 0))
        .min(Comparator.comparing(RouteCatalog::specificity));
  }

  private static List<String> requestSegments(String path) {
    String p = path;
    int query = p.indexOf('?');
    if (query >= 0) {
      p = p.substring(0, query);
    }
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    p = p.startsWith("/") ? p.substring(1) : p;
    return p.isEmpty() ? List.of() : List.of(p.split("/", -1));
  }

  private static boolean matches(List<String> pattern, int pi, List<String> request, int ri) {
    if (pi == pattern.size()) {
      return ri == request.size();
    }
    String seg = pattern.get(pi);
    if (RouteEntry.isWildcard(seg)) {
      // one or more non-empty segments, then the rest of the pattern (backtracking)
      for (int end = ri + 1; end <= request.size(); end++) {
        if (request.get(end - 1).isEmpty()) {
          return false;
        }
        if (matches(pattern, pi + 1, request, end)) {
          return true;
        }
      }
      return false;
    }
    if (ri == request.size() || request.get(ri).isEmpty()) {
      return false;
    }
    boolean ok = RouteEntry.isParam(seg) || seg.equals(request.get(ri));
    return ok && matches(pattern, pi + 1, request, ri + 1);
  }

  /** Smaller sorts first: literal count (desc), literal positions, wildcard count, ANY last. */
  private static String specificity(RouteEntry r) {
    StringBuilder shape = new StringBuilder();
    int literals = 0;
    int wildcards = 0;
    for (String seg : r.segments()) {
      boolean literal = !RouteEntry.isParam(seg);
      literals += literal ? 1 : 0;
      wildcards += RouteEntry.isWildcard(seg) ? 1 : 0;
      shape.append(literal ? 'a' : RouteEntry.isWildcard(seg) ? 'c' : 'b');
    }
    return String.format("%03d|%s|%03d|%d", 999 - literals, shape, wildcards, "ANY".equals(r.method()) ? 1 : 0);
  }
}

package com.run402.local.server.parity;

import java.util.ArrayList;
import java.util.List;

/**
 * One production HTTP route from {@code /run402/routes.tsv}.
 *
 * <p>{@code path} uses {@code :name} for a single-segment parameter and {@code :name*} for a
 * parameter that spans one or more segments (blob keys, storage object paths). {@code method} is
 * an HTTP method or {@code ANY} (function invocation accepts every method).
 */
public record RouteEntry(String method, String path, String family, String source) {

  /** The path in Javalin 7 syntax: {@code :name} becomes {@code {name}}, {@code :name*} becomes {@code <name>}. */
  public String javalinPath() {
    List<String> out = new ArrayList<>();
    for (String segment : segments()) {
      if (isWildcard(segment)) {
        out.add("<" + segment.substring(1, segment.length() - 1) + ">");
      } else if (isParam(segment)) {
        out.add("{" + segment.substring(1) + "}");
      } else {
        out.add(segment);
      }
    }
    return "/" + String.join("/", out);
  }

  /** The path with parameter names erased ({@code :} and {@code *}), used to compare route shapes. */
  public String normalizedPath() {
    List<String> out = new ArrayList<>();
    for (String segment : segments()) {
      out.add(isWildcard(segment) ? "*" : isParam(segment) ? ":" : segment);
    }
    return "/" + String.join("/", out);
  }

  /** True when this route accepts {@code requestMethod} ({@code ANY} accepts all). */
  public boolean acceptsMethod(String requestMethod) {
    return "ANY".equals(method) || method.equalsIgnoreCase(requestMethod);
  }

  List<String> segments() {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("/", -1));
  }

  static boolean isParam(String segment) {
    return segment.startsWith(":") && segment.length() > 1;
  }

  static boolean isWildcard(String segment) {
    return isParam(segment) && segment.endsWith("*") && segment.length() > 2;
  }
}

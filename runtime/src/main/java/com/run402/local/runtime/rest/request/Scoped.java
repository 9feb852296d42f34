package com.run402.local.runtime.rest.request;

import java.util.List;

/**
 * A value that applies at an embed path: {@code []} is the root resource, {@code ["clients",
 * "projects"]} the embed reached by {@code clients.projects.<param>} (names are aliases if the
 * select used aliases, as in PostgREST).
 */
public record Scoped<T>(List<String> path, T value) {
  public Scoped {
    path = List.copyOf(path);
  }
}

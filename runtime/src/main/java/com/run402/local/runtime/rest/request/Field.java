package com.run402.local.runtime.rest.request;

import java.util.List;

/** A column (or {@code *}, or a computed field) with an optional JSON path: {@code data->a->>b}. */
public record Field(String name, List<JsonStep> json) {
  public Field {
    json = List.copyOf(json);
  }

  public static Field of(String name) {
    return new Field(name, List.of());
  }

  public boolean isStar() {
    return "*".equals(name) && json.isEmpty();
  }
}

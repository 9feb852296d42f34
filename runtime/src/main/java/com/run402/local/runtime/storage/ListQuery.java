package com.run402.local.runtime.storage;

import java.time.Instant;

/**
 * A page of a project's objects: those whose key starts with {@code prefix} (empty: all), ordered by
 * {@code sort}, strictly after the keyset position ({@code afterKey}, and {@code afterCreated} for the
 * time orders; null: from the start), at most {@code limit}.
 */
public record ListQuery(
    String namespace, String prefix, Sort sort, String afterKey, Instant afterCreated, int limit) {

  /** The orders of {@code GET /storage/v1/blobs} ({@code sort=key:asc|createdAt:asc|createdAt:desc}). */
  public enum Sort {
    KEY_ASC("key:asc"), CREATED_ASC("createdAt:asc"), CREATED_DESC("createdAt:desc");

    private final String wire;

    Sort(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    public static Sort parse(String s) {
      for (Sort v : values()) {
        if (v.wire.equals(s)) {
          return v;
        }
      }
      throw new IllegalArgumentException("sort must be key:asc, createdAt:asc or createdAt:desc");
    }
  }

  public ListQuery {
    prefix = prefix == null ? "" : prefix;
    sort = sort == null ? Sort.KEY_ASC : sort;
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive");
    }
  }
}

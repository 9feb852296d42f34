package com.run402.local.runtime.rest.request;

/**
 * One term of {@code order=}: {@code field[.asc|.desc][.nullsfirst|.nullslast]}. {@code relation}
 * is set for ordering by a to-one embedded resource's column: {@code order=clients(name).desc}.
 * {@code nulls} is null when unspecified.
 */
public record Order(String relation, Field field, boolean desc, Nulls nulls) {
  public enum Nulls {
    FIRST,
    LAST
  }
}

package com.run402.local.runtime.rest.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * SQL text plus its bound parameters, built by appending. Identifiers only ever enter through
 * {@link #ident}, values only through {@link #param} (bound as untyped literals, so Postgres infers
 * their type from context exactly as it does for PostgREST's parameters). {@link #raw} is for
 * keywords and operators chosen by the planner, never for user input.
 */
public final class Sql {
  /** A parameter bound with an unspecified type ({@code Types.OTHER}), i.e. an untyped literal. */
  public record Untyped(String value) {}

  private final StringBuilder text = new StringBuilder(256);
  private final List<Object> params = new ArrayList<>();

  public Sql raw(String s) {
    text.append(s);
    return this;
  }

  /** Appends a double-quoted identifier ({@code "} doubled, NUL removed). */
  public Sql ident(String name) {
    text.append(quote(name));
    return this;
  }

  /** {@code "schema"."name"}. */
  public Sql qualified(String schema, String name) {
    return ident(schema).raw(".").ident(name);
  }

  /** A value bound as an untyped literal (null binds SQL NULL). */
  public Sql param(String value) {
    text.append('?');
    params.add(new Untyped(value));
    return this;
  }

  /** A value bound with its Java type (String binds as text, Long as bigint). */
  public Sql typedParam(Object value) {
    text.append('?');
    params.add(value);
    return this;
  }

  /** Appends another fragment, text and parameters. */
  public Sql append(Sql other) {
    text.append(other.text);
    params.addAll(other.params);
    return this;
  }

  public boolean isEmpty() {
    return text.length() == 0;
  }

  public String text() {
    return text.toString();
  }

  public List<Object> params() {
    return Collections.unmodifiableList(params);
  }

  public static String quote(String name) {
    return "\"" + name.replace("\u0000", "").replace("\"", "\"\"") + "\"";
  }

  @Override
  public String toString() {
    return text + " " + params;
  }
}

package com.run402.local.runtime.rest;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A PostgREST-compatible engine over one set of exposed schemas: parse -> plan against the cached
 * schema -> SQL with bound parameters -> one transaction (role, claims, search path). Thread-safe;
 * one instance per project (or per PostgREST spec database). {@link #reloadSchema()} must be
 * called by whatever ran DDL, before it answers, so the next request sees the change.
 */
public final class RestEngine {
  private final RestOptions options;
  private final ObjectMapper json;

  public RestEngine(RestOptions options, ObjectMapper json) {
    this.options = options;
    this.json = json;
  }

  public RestOptions options() {
    return options;
  }

  /** Answers one request; never throws for client errors (they become PostgREST error bodies). */
  public RestResult handle(RestCall call) {
    throw new UnsupportedOperationException("work in progress");
  }

  /** Drops the schema snapshot; the next request loads a fresh one. */
  public void reloadSchema() {}
}

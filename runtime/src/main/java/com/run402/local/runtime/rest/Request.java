package com.run402.local.runtime.rest;

import com.run402.local.runtime.rest.request.Preferences;
import com.run402.local.runtime.rest.request.QueryParams;
import com.run402.local.runtime.rest.schema.SchemaCache;

/**
 * A request after the framework-independent preliminaries: target schema and name, identity
 * (DB role, claims, whether a token was given), negotiated media type, preferences and the
 * parsed query string, with the schema snapshot it will be planned against.
 */
record Request(
    RestCall call,
    String schema,
    String target,
    boolean rpc,
    String role,
    String claimsJson,
    boolean authenticated,
    MediaType media,
    Preferences prefs,
    QueryParams query,
    SchemaCache cache,
    Timing timing) {

  boolean isRead() {
    return call.method().equals("GET") || call.method().equals("HEAD");
  }
}

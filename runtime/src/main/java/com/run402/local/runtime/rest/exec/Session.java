package com.run402.local.runtime.rest.exec;

/**
 * Per-request transaction settings, set with one {@code set_config(..., true)} round trip as
 * PostgREST does: search path, role, JWT claims, request method/path/headers/cookies, timeout.
 */
public record Session(
    String searchPath,
    String role,
    String claimsJson,
    String method,
    String path,
    String headersJson,
    String cookiesJson,
    String timezone,
    long statementTimeoutMillis,
    boolean readOnly,
    String preRequest) {}

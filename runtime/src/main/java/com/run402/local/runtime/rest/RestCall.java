package com.run402.local.runtime.rest;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP request as the REST engine sees it, free of any HTTP framework. {@code path} is relative
 * to the mount point: {@code "/"} (OpenAPI root), {@code "/items"} or {@code "/rpc/fn"}, still
 * percent-encoded. {@code rawQuery} is the undecoded query string without {@code ?} (may be empty).
 * Header names are case-insensitive.
 */
public record RestCall(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {
  public RestCall {
    method = method.toUpperCase(Locale.ROOT);
    rawQuery = rawQuery == null ? "" : rawQuery;
    TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (headers != null) {
      headers.forEach((k, v) -> h.computeIfAbsent(k, x -> new java.util.ArrayList<>()).addAll(v));
    }
    headers = java.util.Collections.unmodifiableMap(h);
    body = body == null ? new byte[0] : body;
  }

  /** First value of a header, or null. */
  public String header(String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** All values of a header (several headers of the same name), never null. */
  public List<String> headerValues(String name) {
    List<String> v = headers.get(name);
    return v == null ? List.of() : v;
  }
}

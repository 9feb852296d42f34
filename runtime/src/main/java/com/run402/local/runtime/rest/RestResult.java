package com.run402.local.runtime.rest;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The engine's answer: status, headers (Content-Type included) and body bytes. */
public record RestResult(int status, Map<String, String> headers, byte[] body) {
  public RestResult {
    headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    body = body == null ? new byte[0] : body;
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}

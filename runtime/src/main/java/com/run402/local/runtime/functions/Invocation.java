package com.run402.local.runtime.functions;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

/** What the gateway hands a function: the caller's request (inbound {@code x-run402-*} already removed). */
public record Invocation(String method, String path, String rawQuery, List<Map.Entry<String, String>> headers,
    InputStream body) {

  /** The function's answer, its body streamed from the worker. */
  public record Result(int status, Map<String, List<String>> headers, InputStream body, String requestId) {}
}

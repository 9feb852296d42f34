package com.run402.local.runtime.functions;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

/** What the gateway hands a function: the caller's request (inbound {@code x-run402-*} already removed). */
public record Invocation(String method, String path, String rawQuery, List<Map.Entry<String, String>> headers,
    InputStream body) {

  /**
   * The function's answer: its body streamed from the worker, or, when the whole of it had already arrived,
   * {@code complete} (then {@code body} reads the same bytes).
   */
  public record Result(int status, Map<String, List<String>> headers, InputStream body, byte[] complete,
      String requestId) {

    static Result complete(int status, Map<String, List<String>> headers, byte[] body, String requestId) {
      return new Result(status, headers, new java.io.ByteArrayInputStream(body), body, requestId);
    }

    static Result streaming(int status, Map<String, List<String>> headers, InputStream body, String requestId) {
      return new Result(status, headers, body, null, requestId);
    }
  }
}

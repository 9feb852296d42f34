package com.run402.local.runtime.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one exception every service throws for a client-visible failure. Only the HTTP layer's
 * error mapper turns it into a response, in the production envelope:
 * {@code {"error":"<snake_code>","message":"<human text>","code":"<UPPER_SNAKE>", ...extra}}.
 */
public class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String error;
  private final transient Map<String, Object> extra;
  private final transient Map<String, String> headers;

  public ApiException(int status, String error, String message) {
    this(status, error, message, Map.of(), Map.of());
  }

  public ApiException(int status, String error, String message, Map<String, ?> extra) {
    this(status, error, message, extra, Map.of());
  }

  public ApiException(
      int status, String error, String message, Map<String, ?> extra, Map<String, String> headers) {
    super(message);
    this.status = status;
    this.error = error;
    this.extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    this.headers = Map.copyOf(headers);
  }

  /** HTTP status. */
  public int status() {
    return status;
  }

  /** The snake_case error code in the body's {@code error} field. */
  public String error() {
    return error;
  }

  /** Further body fields (hint, details, sqlstate ...), in order. */
  public Map<String, Object> extra() {
    return extra;
  }

  /** Response headers to add (for example PAYMENT-REQUIRED on a 402). */
  public Map<String, String> headers() {
    return headers;
  }

  public static ApiException badRequest(String error, String message) {
    return new ApiException(400, error, message);
  }

  public static ApiException unauthorized(String error, String message) {
    return new ApiException(401, error, message);
  }

  public static ApiException forbidden(String error, String message) {
    return new ApiException(403, error, message);
  }

  public static ApiException notFound(String error, String message) {
    return new ApiException(404, error, message);
  }

  public static ApiException conflict(String error, String message) {
    return new ApiException(409, error, message);
  }
}

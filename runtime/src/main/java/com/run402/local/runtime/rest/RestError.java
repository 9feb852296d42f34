package com.run402.local.runtime.rest;

/**
 * A PostgREST error: HTTP status plus the body {@code {code, message, details, hint}}. Every phase
 * (parse, plan, execute) throws this and only this for a client-visible failure; the HTTP adapter
 * writes it verbatim. {@code details} and {@code hint} may be null (written as JSON null).
 */
public final class RestError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String details;
  private final String hint;
  private final transient Object detailsJson;
  private final transient java.util.Map<String, String> headers;

  public RestError(int status, String code, String message, String details, String hint) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = details;
    this.hint = hint;
    this.detailsJson = null;
    this.headers = java.util.Map.of();
  }

  private RestError(RestError e, Object detailsJson, java.util.Map<String, String> headers) {
    super(e.getMessage(), null, false, false);
    this.status = e.status;
    this.code = e.code;
    this.details = e.details;
    this.hint = e.hint;
    this.detailsJson = detailsJson;
    this.headers = java.util.Map.copyOf(headers);
  }

  /** The same error with structured {@code details} (PostgREST's PGRST201 lists candidates as JSON). */
  public RestError withDetailsJson(Object json) {
    return new RestError(this, json, headers);
  }

  /** The same error with extra response headers (from a RAISE SQLSTATE 'PGRST' detail). */
  public RestError withHeaders(java.util.Map<String, String> extra) {
    return new RestError(this, detailsJson, extra);
  }

  public java.util.Map<String, String> headers() {
    return headers;
  }

  /** Structured details, or null when {@link #details()} is plain text. */
  public Object detailsJson() {
    return detailsJson;
  }

  public RestError(int status, String code, String message) {
    this(status, code, message, null, null);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String details() {
    return details;
  }

  public String hint() {
    return hint;
  }
}

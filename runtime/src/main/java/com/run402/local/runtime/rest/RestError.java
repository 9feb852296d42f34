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

  public RestError(int status, String code, String message, String details, String hint) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = details;
    this.hint = hint;
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

package com.run402.local;

/**
 * The emulator could not start; the message says why and what to do (free the port, choose a
 * writable data dir, ...). The CLI prints it and exits with status 1.
 */
public class Run402StartupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public Run402StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}

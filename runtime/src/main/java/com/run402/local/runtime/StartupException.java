package com.run402.local.runtime;

/**
 * The emulator could not start. The message always says what to do about it (free the port, pick
 * another data dir, ...); the CLI prints it and exits 1.
 */
public class StartupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StartupException(String message) {
    super(message);
  }

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}

package com.run402.local.runtime.expose;

import java.util.Locale;
import java.util.Optional;

/** The table policies of the expose manifest (api-contract 2.1), by their wire names. */
public enum Policy {
  USER_OWNS_ROWS("user_owns_rows"),
  PUBLIC_READ_AUTHENTICATED_WRITE("public_read_authenticated_write"),
  PUBLIC_READ_WRITE_UNRESTRICTED("public_read_write_UNRESTRICTED"),
  CUSTOM("custom");

  private final String wire;

  Policy(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** Prefix of the policies the applier creates for this template: {@code run402_<policy>_}. */
  public String policyPrefix() {
    return "run402_" + wire.toLowerCase(Locale.ROOT) + "_";
  }

  public static Optional<Policy> fromWire(String s) {
    for (Policy p : values()) {
      if (p.wire.equals(s)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}

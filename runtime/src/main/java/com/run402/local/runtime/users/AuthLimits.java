package com.run402.local.runtime.users;

import java.time.Duration;

/**
 * Signup and sign-in throttles, per project. The production notes give no numbers for these
 * routes (only magic links: 5 per email per hour), so these are generous for a developer machine
 * yet stop a brute-force loop: attempts per client IP, and failed sign-ins per email.
 */
public record AuthLimits(int signupsPerIp, int loginsPerIp, int failuresPerEmail, Duration window) {
  public static final AuthLimits DEFAULTS = new AuthLimits(30, 120, 10, Duration.ofMinutes(15));
}

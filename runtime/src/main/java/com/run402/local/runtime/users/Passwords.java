package com.run402.local.runtime.users;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategy;
import com.run402.local.runtime.Lazy;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Password hashing as production does it (legacy-gateway 2.4): bcrypt, cost 10, {@code $2a$}
 * hashes. We use at.favre.lib:bcrypt, a small, maintained, dependency-light implementation whose
 * hashes interoperate with bcryptjs (so users imported from production keep their passwords);
 * its verifier compares in constant time. Spring Security Crypto would also do, but drags the
 * Spring naming and versioning into a project that has no Spring.
 */
final class Passwords {
  static final int COST = 10;
  // bcrypt reads at most 72 bytes (71 and the terminator for $2a$); bcryptjs cuts longer input there, so do we.
  private static final BCrypt.Version VERSION = BCrypt.Version.VERSION_2A;
  private static final LongPasswordStrategy LONG = LongPasswordStrategies.truncate(VERSION);

  // Checked against when the user does not exist, so that "no such user" costs as much as a wrong password.
  // Hashed on first use, not at start-up (a cost-10 bcrypt is ~70 ms).
  private final Lazy<byte[]> dummy = new Lazy<>(() -> hashBytes("run402-local-timing-equaliser"));

  String hash(String password) {
    return new String(hashBytes(password), StandardCharsets.UTF_8);
  }

  /** True when {@code password} matches {@code hash}; a null hash costs the same and is false. */
  boolean matches(String password, String hash) {
    byte[] pw = password.getBytes(StandardCharsets.UTF_8);
    if (hash == null) {
      BCrypt.verifyer(VERSION, LONG).verify(pw, dummy.get());
      return false;
    }
    return BCrypt.verifyer(VERSION, LONG).verify(pw, hash.getBytes(StandardCharsets.UTF_8)).verified;
  }

  private static byte[] hashBytes(String password) {
    return BCrypt.with(VERSION, new SecureRandom(), LONG).hash(COST, password.getBytes(StandardCharsets.UTF_8));
  }
}

package com.run402.local.runtime.users;

import com.run402.local.runtime.error.ApiException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Production's email check (legacy-gateway 1.7): a simple shape, at most 254 characters, then lower-cased and trimmed. */
final class EmailRules {
  private static final Pattern SHAPE = Pattern.compile("^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$");

  private EmailRules() {}

  /** The normalised address; 400 in production's words when it is not one. */
  static String normalise(String email) {
    if (email.length() > 254 || !SHAPE.matcher(email).matches()) {
      throw ApiException.badRequest("invalid_email", "Invalid email: must be a valid email address");
    }
    return email.trim().toLowerCase(Locale.ROOT);
  }

  static String domain(String normalised) {
    return normalised.substring(normalised.lastIndexOf('@') + 1);
  }
}

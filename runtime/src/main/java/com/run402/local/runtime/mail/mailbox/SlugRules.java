package com.run402.local.runtime.mail.mailbox;

import com.run402.local.runtime.error.ApiException;
import java.util.Set;
import java.util.regex.Pattern;

/** Mailbox slug rules and messages (legacy-gateway 7.5: the subdomain rules, worded "Slug", own blocklist). */
final class SlugRules {
  private static final Pattern SHAPE = Pattern.compile("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$");
  private static final Set<String> RESERVED = Set.of("abuse", "postmaster", "hostmaster", "webmaster",
      "mailer-daemon", "bounce", "bounces", "smtp", "imap", "pop", "mx", "dkim", "dmarc", "noreply", "no-reply",
      "admin", "info", "support", "help", "hello", "contact", "sales", "billing", "accounts", "legal", "privacy",
      "security", "press", "media", "jobs", "careers", "team", "ops", "status", "api", "docs", "dashboard", "run402",
      "agentdb", "tal", "barry", "ceo", "founder", "owner", "finance", "payroll", "hr");

  private SlugRules() {}

  static void check(String slug) {
    if (!slug.equals(slug.toLowerCase(java.util.Locale.ROOT))) {
      throw bad("Slug must be lowercase");
    }
    if (slug.length() < 3 || slug.length() > 63) {
      throw bad("Slug must be 3-63 characters");
    }
    if (!SHAPE.matcher(slug).matches()) {
      throw bad("Slug must contain only lowercase letters, numbers, and hyphens, and must start and end with a "
          + "letter or number");
    }
    if (slug.contains("--")) {
      throw bad("Slug must not contain consecutive hyphens");
    }
    if (RESERVED.contains(slug)) {
      throw bad("Slug \"" + slug + "\" is reserved");
    }
  }

  private static ApiException bad(String message) {
    return ApiException.badRequest("invalid_slug", message);
  }
}

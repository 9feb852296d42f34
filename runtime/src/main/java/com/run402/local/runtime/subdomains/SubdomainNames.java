package com.run402.local.runtime.subdomains;

import com.run402.local.runtime.error.ApiException;
import java.util.Set;

/**
 * Subdomain name rules and messages of production (legacy-gateway 7.5). The emulator also reserves
 * names that would shadow its own site hosts: {@code pr-*}, {@code rel-*} and {@code dpl-*}.
 */
public final class SubdomainNames {
  private static final Set<String> RESERVED = Set.of("api", "www", "mail", "ftp", "admin", "blog", "shop", "store",
      "app", "dashboard", "portal", "status", "docs", "help", "support", "sites", "cdn", "static", "assets", "media",
      "images", "img", "ns1", "ns2", "ns3", "ns4", "mx", "smtp", "pop", "imap", "dev", "staging", "test", "demo", "beta",
      "alpha", "preview", "run402", "agentdb");

  private SubdomainNames() {}

  /** The name when valid; else 400 with production's message. */
  public static String check(String name) {
    if (name == null) {
      throw bad("Subdomain name must be a string");
    }
    if (!name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
      throw bad("Subdomain must be lowercase");
    }
    if (name.length() < 3 || name.length() > 63) {
      throw bad("Subdomain must be 3-63 characters");
    }
    if (!name.matches("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")) {
      throw bad("Subdomain must contain only lowercase letters, numbers, and hyphens, and must start and end with a "
          + "letter or number");
    }
    if (name.contains("--")) {
      throw bad("Subdomain must not contain consecutive hyphens");
    }
    if (RESERVED.contains(name) || name.startsWith("pr-") || name.startsWith("rel-") || name.startsWith("dpl-")) {
      throw bad("Subdomain \"" + name + "\" is reserved");
    }
    return name;
  }

  private static ApiException bad(String message) {
    return new ApiException(400, "invalid_subdomain", message, java.util.Map.of("code", "INVALID_SUBDOMAIN"));
  }
}

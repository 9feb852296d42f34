package com.run402.local.runtime.functions;

import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.projects.Project;
import com.run402.local.runtime.tiers.Tier;
import java.time.Instant;
import java.util.List;

/** The tier rules of legacy-gateway 1.5, with production's wording, and the invocation body limit. */
public final class Limits {
  /** The request body limit of Run402 Core's function runtime (run402-core-notes 3.5), like Lambda's 6 MB. */
  public static final long MAX_REQUEST_BODY = 6L * 1024 * 1024;

  private Limits() {}

  /** 413 for an invocation whose body is over {@link #MAX_REQUEST_BODY}. */
  public static ApiException requestTooLarge() {
    return new ApiException(413, "request_body_too_large", "Function request bodies are limited to 6 MiB");
  }

  static Tier tier(Project p) {
    return Tier.parse(p.tier()).orElse(Tier.PROTOTYPE);
  }

  static void name(String name) {
    if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw ApiException.badRequest("invalid_name", "Function name must be lowercase alphanumeric + hyphens, "
          + "1-63 chars, starting with alphanumeric");
    }
  }

  /** A multi-file function: its files together within the one-file limit. */
  static void files(java.util.Map<String, byte[]> files) {
    long total = files.values().stream().mapToLong(b -> b.length).sum();
    if (total > 1_000_000) {
      throw ApiException.badRequest("invalid_code", "Function files exceed 1MB limit (" + total / 1024 + "KB)");
    }
  }

  static void code(String code) {
    if (code == null || code.isBlank()) {
      throw ApiException.badRequest("invalid_code", "Code is required");
    }
    if (code.length() > 1_000_000) {
      throw ApiException.badRequest("invalid_code", "Code exceeds 1MB limit (" + code.length() / 1024 + "KB)");
    }
  }

  static void quota(Tier t, int existing) {
    if (existing >= t.maxFunctions()) {
      throw ApiException.forbidden("function_limit", "Function limit reached (" + t.maxFunctions()
          + " for your tier). Delete a function first.");
    }
  }

  /** Deploys clamp silently (production: min(config || tier, tier)). */
  static int clampTimeout(Tier t, Integer asked) {
    return asked == null || asked <= 0 ? t.functionTimeoutSeconds() : Math.min(asked, t.functionTimeoutSeconds());
  }

  static int clampMemory(Tier t, Integer asked) {
    int m = asked == null || asked <= 0 ? t.functionMemoryMb() : Math.min(asked, t.functionMemoryMb());
    return Math.max(128, m);
  }

  /** PATCH refuses what deploy would clamp. */
  static int timeout(Tier t, int asked) {
    if (asked < 1 || asked > t.functionTimeoutSeconds()) {
      throw ApiException.forbidden("invalid_timeout", "Timeout must be 1-" + t.functionTimeoutSeconds()
          + "s for your " + t.wireName() + " tier.");
    }
    return asked;
  }

  static int memory(Tier t, int asked) {
    if (asked < 128 || asked > t.functionMemoryMb()) {
      throw ApiException.forbidden("invalid_memory", "Memory must be 128-" + t.functionMemoryMb() + "MB for your "
          + t.wireName() + " tier.");
    }
    return asked;
  }

  /** A new or changed schedule: parseable, not too frequent, within the tier's count of scheduled functions. */
  static void schedule(Tier t, String expr, String name, List<FunctionDef> all, Instant now) {
    long every = CronSchedule.parse(expr).intervalMinutes(now);
    if (every < t.minScheduleMinutes()) {
      throw ApiException.forbidden("schedule_too_frequent", "Schedule interval too frequent (" + every
          + "min). Your " + t.wireName() + " tier requires at least " + t.minScheduleMinutes()
          + " minutes between runs.");
    }
    long others = all.stream().filter(f -> f.schedule() != null && !f.name().equals(name)).count();
    if (others >= t.maxScheduledFunctions()) {
      throw ApiException.forbidden("schedule_limit", "Scheduled function limit reached (" + t.maxScheduledFunctions()
          + " for your " + t.wireName() + " tier). Remove a schedule or upgrade.");
    }
  }
}

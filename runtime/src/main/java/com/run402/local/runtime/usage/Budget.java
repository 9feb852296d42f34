package com.run402.local.runtime.usage;

import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.projects.Project;
import com.run402.local.runtime.tiers.Tier;
import java.text.NumberFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Production's budget check of metered requests (legacy-gateway 4.3): with the project's own tier,
 * 402 once the API calls or the stored bytes reach the limit. Reads the meter's memory only.
 */
public final class Budget {
  private final UsageMeter meter;

  public Budget(UsageMeter meter) {
    this.meter = meter;
  }

  /** Throws the 402 when the project is at or over a limit of its tier. */
  public void check(Project p) {
    Tier t = Tier.parse(p.tier()).orElse(Tier.PROTOTYPE);
    UsageMeter.Usage u = meter.read(p.id());
    if (u.apiCalls() >= t.apiCallsLimit()) {
      throw refused("API call limit exceeded", "Your " + t.wireName() + " tier allows "
          + NumberFormat.getIntegerInstance(Locale.US).format(t.apiCallsLimit())
          + " API calls. Upgrade your tier to continue.", "api_calls", u.apiCalls(), t.apiCallsLimit(), t);
    }
    if (u.storageBytes() >= t.storageLimitBytes()) {
      throw refused("Storage limit exceeded", "Your " + t.wireName() + " tier allows "
          + t.storageLimitBytes() / (1024 * 1024) + "MB storage. Upgrade your tier to continue.",
          "storage_bytes", u.storageBytes(), t.storageLimitBytes(), t);
    }
  }

  private static ApiException refused(String error, String message, String field, long used, long limit, Tier t) {
    Map<String, Object> usage = new LinkedHashMap<>();
    usage.put(field, used);
    usage.put("limit", limit);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("usage", usage);
    // The renew hint of production's docs (legacy-gateway 8.7): where to pay for more.
    extra.put("renew_url", "/tiers/v1/" + t.wireName());
    return new ApiException(402, error, message, extra);
  }
}

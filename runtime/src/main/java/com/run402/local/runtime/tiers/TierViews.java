package com.run402.local.runtime.tiers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON of the tier routes (api-contract 2.6, legacy-gateway 1.2). */
public final class TierViews {
  private final ObjectMapper json;

  TierViews(ObjectMapper json) {
    this.json = json;
  }

  /** {@code GET /tiers/v1}. */
  public ObjectNode quote() {
    ObjectNode out = json.createObjectNode();
    ObjectNode tiers = out.putObject("tiers");
    for (Tier t : Tier.values()) {
      tiers.putObject(t.wireName())
          .put("price", "$" + String.format("%.2f", t.priceUsdMicros() / 1_000_000.0))
          .put("price_usd_micros", t.priceUsdMicros())
          .put("lease_days", t.leaseDays())
          .put("storage_mb", t.storageLimitBytes() / (1024 * 1024))
          .put("api_calls", t.apiCallsLimit())
          .put("max_functions", t.maxFunctions())
          .put("description", description(t));
    }
    out.putObject("auth").put("method", "SIWX (Sign-In-With-X, CAIP-122)")
        .put("docs", "https://docs.x402.org/extensions/sign-in-with-x")
        .putArray("headers").add("SIGN-IN-WITH-X");
    return out;
  }

  ObjectNode lease(WalletLeases.Lease l) {
    ObjectNode n = json.createObjectNode();
    n.put("tier", l.tier());
    n.put("lease_started_at", l.startedAt() == null ? null : l.startedAt().toString());
    n.put("lease_expires_at", l.expiresAt() == null ? null : l.expiresAt().toString());
    return n;
  }

  ObjectNode status(String wallet, WalletLeases.Lease l, boolean active, WalletLeases.Pool pool) {
    ObjectNode n = json.createObjectNode();
    n.put("wallet", wallet);
    n.setAll(lease(l));
    n.put("active", active);
    n.put("organization_lifecycle_state", active ? "active" : l.tier() == null ? "none" : "expired");
    n.put("lease_perpetual", false);
    Tier t = l.tier() == null ? null : Tier.parse(l.tier()).orElse(null);
    n.putObject("pool_usage").put("projects", pool.projects()).put("total_api_calls", pool.apiCalls())
        .put("total_storage_bytes", pool.storageBytes())
        .put("api_calls_limit", t == null ? 0 : t.apiCallsLimit())
        .put("storage_bytes_limit", t == null ? 0 : t.storageLimitBytes());
    if (t != null) {
      n.putObject("function_limits").put("max_function_timeout_seconds", t.functionTimeoutSeconds())
          .put("max_function_memory_mb", t.functionMemoryMb());
    }
    return n;
  }

  ObjectNode setResult(String wallet, TierChange change, long allowanceRemaining) {
    ObjectNode n = json.createObjectNode();
    n.put("wallet", wallet);
    n.put("action", change.action());
    n.put("tier", change.next().tier());
    n.put("previous_tier", change.previousTier());
    n.put("lease_started_at", change.next().startedAt().toString());
    n.put("lease_expires_at", change.next().expiresAt().toString());
    n.put("allowance_remaining_usd_micros", allowanceRemaining);
    return n;
  }

  static String description(Tier t) {
    switch (t) {
      case PROTOTYPE:
        return "Prototype tier (FREE) — 7-day lease, 250MB storage, 500k API calls. Uses testnet USDC to verify "
            + "wallet setup ($0 real money).";
      case HOBBY:
        return "Hobby tier — 30-day lease, 1GB storage, 5M API calls";
      default:
        return "Team tier — 30-day lease, 10GB storage, 50M API calls";
    }
  }
}

package com.run402.local.runtime.tiers;

import com.run402.local.runtime.error.ApiException;
import java.time.Duration;
import java.time.Instant;

/** What setting a tier does to a wallet's lease (legacy-gateway 4.1 "Subscription model"). */
record TierChange(String action, String previousTier, WalletLeases.Lease next) {

  static TierChange decide(WalletLeases.Lease current, Tier target, Instant now, long activeStorageBytes) {
    Duration days = Duration.ofDays(target.leaseDays());
    String previous = current.tier();
    if (!current.activeAt(now)) {
      return new TierChange("subscribe", previous, new WalletLeases.Lease(target.wireName(), now, now.plus(days)));
    }
    Tier cur = Tier.parse(current.tier()).orElse(Tier.PROTOTYPE);
    if (cur == target) {
      Instant from = current.expiresAt().isAfter(now) ? current.expiresAt() : now;
      return new TierChange("renew", previous, new WalletLeases.Lease(target.wireName(), current.startedAt(),
          from.plus(days)));
    }
    if (target.ordinal() < cur.ordinal() && activeStorageBytes > target.storageLimitBytes()) {
      throw ApiException.badRequest("downgrade_refused", "Cannot downgrade: storage usage (" + activeStorageBytes
          + " bytes) exceeds " + target.wireName() + " limit (" + target.storageLimitBytes()
          + " bytes). Delete data or wait for lease to expire.");
    }
    String action = target.ordinal() > cur.ordinal() ? "upgrade" : "downgrade";
    return new TierChange(action, previous, new WalletLeases.Lease(target.wireName(), now, now.plus(days)));
  }
}

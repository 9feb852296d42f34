package com.run402.local.runtime.x402;

import com.run402.local.runtime.chain.Addresses;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Payment settings of one engine (part of the one options object).
 *
 * @param mode {@code x402} (paid routes answer 402 and are paid on the mock chain) or {@code free}
 *     (paid routes succeed and record a zero-cost transaction)
 * @param payTo the address the emulator's paid routes are paid to (the "seller")
 * @param faucetDripMicros what one faucet drip credits (production: 0.25 USDC)
 * @param faucetCooldown how long an address waits between drips (production: 24 h per IP)
 * @param wallClock real time for authorization windows; never the emulator's adjustable clock
 */
public record PaymentOptions(String mode, String payTo, long faucetDripMicros, Duration faucetCooldown,
    Clock wallClock) {
  public static final String X402 = "x402";
  public static final String FREE = "free";
  /** A fixed, recognisably local seller address (no key exists for it). */
  public static final String DEFAULT_PAY_TO = "0x4020000000000000000000000000000000000402";

  public PaymentOptions {
    Objects.requireNonNull(wallClock, "wallClock");
    Objects.requireNonNull(faucetCooldown, "faucetCooldown");
    if (!X402.equals(mode) && !FREE.equals(mode)) {
      throw new IllegalArgumentException("payments must be 'x402' or 'free', got '" + mode + "'");
    }
    if (!Addresses.valid(payTo)) {
      throw new IllegalArgumentException("payTo must be an EVM address, got '" + payTo + "'");
    }
    if (faucetDripMicros <= 0 || faucetCooldown.isNegative()) {
      throw new IllegalArgumentException("faucet drip must be positive and its cooldown not negative");
    }
    payTo = Addresses.checksum(payTo);
  }

  public static PaymentOptions defaults() {
    return new PaymentOptions(X402, DEFAULT_PAY_TO, 250_000L, Duration.ofHours(24), Clock.systemUTC());
  }

  public PaymentOptions withMode(String m) {
    return new PaymentOptions(m, payTo, faucetDripMicros, faucetCooldown, wallClock);
  }

  public PaymentOptions withFaucetCooldown(Duration d) {
    return new PaymentOptions(mode, payTo, faucetDripMicros, d, wallClock);
  }

  public boolean free() {
    return FREE.equals(mode);
  }
}

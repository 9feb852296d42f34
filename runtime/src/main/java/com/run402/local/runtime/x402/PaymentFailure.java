package com.run402.local.runtime.x402;

/**
 * A payment the emulator refuses. {@code reason} is the short machine-readable code the paid routes
 * return (invalid_signature, nonce_used, expired, ...); {@link #x402Reason()} is the reference
 * facilitator's constant for the same failure (x402-reference 2.4), used by /facilitator/*.
 */
public final class PaymentFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String reason;

  public PaymentFailure(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }

  public String x402Reason() {
    switch (reason) {
      case "invalid_signature":
        return "invalid_exact_evm_signature";
      case "nonce_used":
        return "invalid_exact_evm_nonce_already_used";
      case "expired":
        return "invalid_exact_evm_payload_authorization_valid_before";
      case "not_yet_valid":
        return "invalid_exact_evm_payload_authorization_valid_after";
      case "insufficient_funds":
        return "invalid_exact_evm_insufficient_balance";
      case "amount_mismatch":
        return "invalid_exact_evm_authorization_value";
      case "recipient_mismatch":
        return "invalid_exact_evm_recipient_mismatch";
      case "wrong_network":
      case "mainnet_refused":
        return "invalid_exact_evm_network_mismatch";
      case "unsupported_scheme":
        return "invalid_exact_evm_scheme";
      case "wrong_asset":
        return "invalid_exact_evm_asset_mismatch";
      default:
        return "invalid_payload";
    }
  }
}

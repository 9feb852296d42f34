package com.run402.local.runtime.x402;

/** A payment that passed verification; {@code payer} is the lower-case authorization.from. */
public record VerifiedPayment(PaymentPayload payload, PaymentRequirement requirement, String payer) {}

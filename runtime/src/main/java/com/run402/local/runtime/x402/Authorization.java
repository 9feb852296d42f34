package com.run402.local.runtime.x402;

import java.math.BigInteger;

/**
 * The EIP-3009 TransferWithAuthorization the payer signed. Addresses lower-case, nonce a lower-case
 * 0x-prefixed 32-byte hex string.
 */
public record Authorization(String from, String to, BigInteger value, BigInteger validAfter, BigInteger validBefore,
    String nonce) {}

package com.run402.local.runtime.auth;

/**
 * A wallet identity proven by a verified SIGN-IN-WITH-X header.
 *
 * @param address lower-case {@code 0x...} address (the canonical key used everywhere)
 * @param checksumAddress the same address in EIP-55 mixed case
 * @param chainId the CAIP-2 chain the message was signed for, e.g. {@code eip155:84532}
 */
public record WalletPrincipal(String address, String checksumAddress, String chainId) {}

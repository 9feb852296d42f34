package com.run402.local.runtime.chain;

import java.math.BigInteger;

/**
 * The one network the mock chain simulates: Base Sepolia and its USDC (x402-reference 2.5). Base
 * mainnet is named only so that it can be refused: nothing here can reach a real chain.
 */
public final class BaseSepolia {
  public static final long CHAIN_ID = 84532L;
  public static final String NETWORK = "eip155:84532";
  public static final String V1_NETWORK = "base-sepolia";
  public static final String MAINNET = "eip155:8453";
  public static final String V1_MAINNET = "base";
  /** USDC on Base Sepolia, EIP-55. */
  public static final String USDC = "0x036CbD53842c5426634e7929541eC2318f3dCF7e";
  /** EIP-712 domain of that contract. */
  public static final String USDC_NAME = "USDC";
  public static final String USDC_VERSION = "2";
  public static final int USDC_DECIMALS = 6;

  private BaseSepolia() {}

  public static BigInteger chainIdBig() {
    return BigInteger.valueOf(CHAIN_ID);
  }

  /** True for the mainnet ids (CAIP-2 or v1 name), which the emulator refuses. */
  public static boolean isMainnet(String network) {
    return MAINNET.equals(network) || V1_MAINNET.equals(network);
  }

  /** True for this chain's ids (CAIP-2 or v1 name). */
  public static boolean isThisChain(String network) {
    return NETWORK.equals(network) || V1_NETWORK.equals(network);
  }

  /** "0.25" for 250000 micros. */
  public static String usd(long micros) {
    return new java.math.BigDecimal(micros).movePointLeft(USDC_DECIMALS).stripTrailingZeros().toPlainString();
  }
}

package com.run402.local.runtime.chain;

import java.util.regex.Pattern;
import org.web3j.crypto.Keys;

/** EVM address helpers: validation, lower-case canonical form, EIP-55 display form. */
public final class Addresses {
  private static final Pattern ADDRESS = Pattern.compile("^0x[0-9a-fA-F]{40}$");

  private Addresses() {}

  public static boolean valid(String s) {
    return s != null && ADDRESS.matcher(s).matches();
  }

  /** Lower-case form, the key used in every table; the caller has validated. */
  public static String canonical(String s) {
    return s.toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * EIP-55 form. An address without hex letters has no case to set and is returned as it is, which
   * keeps Keccak (web3j and its crypto provider, ~250 ms to load) off the start-up path for the
   * default seller address.
   */
  public static String checksum(String s) {
    if (s != null && s.startsWith("0x") && s.substring(2).chars().allMatch(Character::isDigit)) {
      return s;
    }
    return Keys.toChecksumAddress(s);
  }
}

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

  public static String checksum(String s) {
    return Keys.toChecksumAddress(s);
  }
}

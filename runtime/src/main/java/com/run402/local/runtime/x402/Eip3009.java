package com.run402.local.runtime.x402;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.util.Arrays;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * EIP-712 digest of an EIP-3009 TransferWithAuthorization and recovery of its signer. The digest is
 * computed directly from the EIP-712 encoding rules (the one fixed type needs no generic encoder),
 * which keeps verification cheap enough for thousands of payments a second.
 */
public final class Eip3009 {
  private static final byte[] DOMAIN_TYPEHASH = keccak(
      "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
  private static final byte[] TRANSFER_TYPEHASH = keccak("TransferWithAuthorization(address from,address to,"
      + "uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)");

  private Eip3009() {}

  public static byte[] domainSeparator(String name, String version, BigInteger chainId, String verifyingContract) {
    return Hash.sha3(concat(DOMAIN_TYPEHASH, keccak(name), keccak(version), uint(chainId), address(verifyingContract)));
  }

  public static byte[] digest(byte[] domainSeparator, Authorization a) {
    byte[] struct = Hash.sha3(concat(TRANSFER_TYPEHASH, address(a.from()), address(a.to()), uint(a.value()),
        uint(a.validAfter()), uint(a.validBefore()), Numeric.hexStringToByteArray(a.nonce())));
    return Hash.sha3(concat(new byte[] {0x19, 0x01}, domainSeparator, struct));
  }

  /** The lower-case address that produced a 65-byte signature over {@code digest}. */
  public static String recover(byte[] digest, String signatureHex) throws SignatureException {
    byte[] sig = Numeric.hexStringToByteArray(signatureHex);
    if (sig.length != 65) {
      throw new SignatureException("signature must be 65 bytes, got " + sig.length);
    }
    byte v = sig[64];
    if (v < 27) {
      v += 27;
    }
    if (v != 27 && v != 28) {
      throw new SignatureException("signature v must be 27 or 28");
    }
    Sign.SignatureData data = new Sign.SignatureData(v, Arrays.copyOfRange(sig, 0, 32), Arrays.copyOfRange(sig, 32, 64));
    BigInteger key = Sign.signedMessageHashToKey(digest, data);
    return "0x" + Keys.getAddress(key);
  }

  private static byte[] keccak(String s) {
    return Hash.sha3(s.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] uint(BigInteger v) {
    return Numeric.toBytesPadded(v, 32);
  }

  private static byte[] address(String a) {
    return Numeric.toBytesPadded(Numeric.toBigInt(a), 32);
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int i = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, i, p.length);
      i += p.length;
    }
    return out;
  }
}

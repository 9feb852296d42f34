package com.run402.local.testsupport;

import com.run402.local.runtime.auth.SiwxSigner;
import java.time.Instant;

/** A throwaway wallet that signs SIGN-IN-WITH-X headers as @run402/sdk does (for JVM tests). */
public final class TestWallet {
  private final SiwxSigner signer;

  private TestWallet(SiwxSigner signer) {
    this.signer = signer;
  }

  public static TestWallet random() {
    return new TestWallet(SiwxSigner.random());
  }

  public String address() {
    return signer.checksumAddress().toLowerCase();
  }

  /** The header for a request to {@code apiBase + pathAndQuery}, valid for five minutes. */
  public String siwx(String apiBase, String pathAndQuery) {
    return signer.header(apiBase, pathAndQuery, Instant.now());
  }

  public String siwx(String apiBase, String pathAndQuery, Instant issuedAt) {
    return signer.header(apiBase, pathAndQuery, issuedAt);
  }
}

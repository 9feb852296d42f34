// Part of the run402-local benchmark (bench/run.sh); see Bench.java.

import java.time.Instant;

final class Wallet {
  private final com.run402.local.runtime.auth.SiwxSigner signer = com.run402.local.runtime.auth.SiwxSigner.random();

  static Wallet random() {
    return new Wallet();
  }

  String siwx(String apiBase, String pathAndQuery) {
    return signer.header(apiBase, pathAndQuery, Instant.now());
  }
}

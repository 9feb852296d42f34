package com.run402.local.runtime.chain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddressesTest {
  @Test
  void checksum_follows_eip55() {
    // EIP-55's own test vectors.
    assertThat(Addresses.checksum("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"))
        .isEqualTo("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
    assertThat(Addresses.checksum("0xFB6916095CA1DF60BB79CE92CE3EA74C37C5D359"))
        .isEqualTo("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359");
  }

  @Test
  void an_address_without_hex_letters_is_its_own_checksum() {
    assertThat(Addresses.checksum("0x4020000000000000000000000000000000000402"))
        .isEqualTo("0x4020000000000000000000000000000000000402");
  }
}

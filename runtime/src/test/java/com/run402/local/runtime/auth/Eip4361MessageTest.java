package com.run402.local.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Known-answer vectors from viem 2: {@code privateKeyToAccount('0x' + '11'.repeat(32))},
 * {@code account.signMessage({message})}; message texts equal viem's {@code createSiweMessage}.
 */
class Eip4361MessageTest {
  private static final String ADDRESS = "0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A";
  private static final SiwxVerifier VERIFIER =
      new SiwxVerifier(Clock.fixed(Instant.parse("2026-11-21T10:01:00Z"), ZoneOffset.UTC));
  /** Full header (base64 JSON, client shape) whose signature was produced by viem. */
  private static final String VIEM_HEADER =
      "eyJkb21haW4iOiIxMjcuMC4wLjEiLCJhZGRyZXNzIjoiMHgxOUU3RTM3NkU3QzIxM0I3RTdlN2U0NmNjNzBBNWRE"
          + "MDg2REFmZjJBIiwic3RhdGVtZW50IjoiU2lnbiBpbiB0byBSdW40MDIiLCJ1cmkiOiJodHRwOi8vMTI3LjAuMC4x"
          + "OjQ0MDIvcHJvamVjdHMvdjEiLCJ2ZXJzaW9uIjoiMSIsImNoYWluSWQiOiJlaXAxNTU6ODQ1MzIiLCJ0eXBlIjoi"
          + "ZWlwMTkxIiwibm9uY2UiOiIwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZiIsImlzc3VlZEF0IjoiMjAy"
          + "Ni0xMS0yMVQxMDowMDowMC4xMjNaIiwiZXhwaXJhdGlvblRpbWUiOiIyMDI2LTExLTIxVDEwOjA1OjAwLjEyM1oi"
          + "LCJzaWduYXR1cmUiOiIweDU4ZWExMjMxNDQzNWQwN2U0NzRjNzA1MGNkY2YyMDU1ZTY2NDIwMDE2ZTRiMTY2Yjk4"
          + "NDc3M2I4NDIxOThhYTA0ZGQwM2Q0ODkxNmM3NjgxYjhhNTFjN2JmNzdiZWM0ODEzZWVmMjZiYTNlOTVkMDM2MmU0"
          + "NzcyMTJlNTU1MTY0MWIifQ==";

  @Test
  void minimal_client_message_matches_viem_create_siwe_message() {
    SiwxPayload p = new SiwxPayload("127.0.0.1", ADDRESS, "Sign in to Run402",
        "http://127.0.0.1:4402/projects/v1", "1", "eip155:84532", "eip191",
        "0123456789abcdef0123456789abcdef", "2026-11-21T10:00:00.123Z",
        "2026-11-21T10:05:00.123Z", null, null, null, "0x");
    assertThat(Eip4361Message.text(p)).isEqualTo(
        "127.0.0.1 wants you to sign in with your Ethereum account:\n" + ADDRESS + "\n\n"
            + "Sign in to Run402\n\nURI: http://127.0.0.1:4402/projects/v1\nVersion: 1\n"
            + "Chain ID: 84532\nNonce: 0123456789abcdef0123456789abcdef\n"
            + "Issued At: 2026-11-21T10:00:00.123Z\nExpiration Time: 2026-11-21T10:05:00.123Z");
  }

  @Test
  void header_signed_by_viem_verifies_byte_exactly() {
    WalletPrincipal p = VERIFIER.verify(VIEM_HEADER, "127.0.0.1");
    assertThat(p.checksumAddress()).isEqualTo(ADDRESS);
    assertThat(p.address()).isEqualTo("0x19e7e376e7c213b7e7e7e46cc70a5dd086daff2a");
    assertThat(p.chainId()).isEqualTo("eip155:84532");
  }

  @Test
  void optional_lines_follow_siwe_order_and_match_viem() {
    SiwxPayload p = new SiwxPayload("api.run402.com", ADDRESS, "Sign in to Run402",
        "https://api.run402.com/projects/v1?x=1", "1", "eip155:8453", null, "abcdef0123456789",
        "2026-11-21T10:00:00.123Z", "2026-11-21T10:05:00.123Z", "2026-11-21T10:00:01.000Z",
        "req-42", List.of("https://a.example/x", "ipfs://bafy"), null);
    assertThat(Eip4361Message.text(p)).isEqualTo(
        "api.run402.com wants you to sign in with your Ethereum account:\n" + ADDRESS + "\n\n"
            + "Sign in to Run402\n\nURI: https://api.run402.com/projects/v1?x=1\nVersion: 1\n"
            + "Chain ID: 8453\nNonce: abcdef0123456789\nIssued At: 2026-11-21T10:00:00.123Z\n"
            + "Expiration Time: 2026-11-21T10:05:00.123Z\nNot Before: 2026-11-21T10:00:01.000Z\n"
            + "Request ID: req-42\nResources:\n- https://a.example/x\n- ipfs://bafy");
  }

  @Test
  void viem_signature_over_optional_lines_and_resources_verifies() {
    String json = "{\"domain\":\"api.run402.com\",\"address\":\"" + ADDRESS + "\","
        + "\"statement\":\"Sign in to Run402\",\"uri\":\"https://api.run402.com/projects/v1?x=1\","
        + "\"version\":\"1\",\"chainId\":\"eip155:8453\",\"nonce\":\"abcdef0123456789\","
        + "\"issuedAt\":\"2026-11-21T10:00:00.123Z\","
        + "\"expirationTime\":\"2026-11-21T10:05:00.123Z\","
        + "\"notBefore\":\"2026-11-21T10:00:01.000Z\",\"requestId\":\"req-42\","
        + "\"resources\":[\"https://a.example/x\",\"ipfs://bafy\"],\"signature\":\"0xba03347e0de94a"
        + "d866eab183aadca414a1663f7610517b34f5869b967cdd37dc0de473657b37532ecea66cb3f62c34bf4e256"
        + "829d79fdd629f7b806fbbbda2f31c\"}";
    String header = Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    WalletPrincipal p = VERIFIER.verify(header, "api.run402.com");
    assertThat(p.checksumAddress()).isEqualTo(ADDRESS);
    assertThat(p.chainId()).isEqualTo("eip155:8453");
  }

  @Test
  void without_expiration_there_is_no_expiration_line_and_no_trailing_newline() {
    SiwxPayload p = new SiwxPayload("h", ADDRESS, "s", "u", "1", "eip155:1", null, "n",
        "2026-01-01T00:00:00.000Z", null, null, null, List.of(), "0x");
    assertThat(Eip4361Message.text(p))
        .doesNotContain("Expiration Time")
        .endsWith("Issued At: 2026-01-01T00:00:00.000Z");
  }
}

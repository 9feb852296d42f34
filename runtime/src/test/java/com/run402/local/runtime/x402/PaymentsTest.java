package com.run402.local.runtime.x402;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.chain.BaseSepolia;
import com.run402.local.runtime.chain.MockChain;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.StructuredDataEncoder;
import org.web3j.utils.Numeric;

class PaymentsTest {
  final ObjectMapper json = new ObjectMapper();
  MockChain chain;
  Payments payments;
  PaymentSigner payer = PaymentSigner.random();
  PaymentRequirement req;

  @BeforeEach
  void open() throws Exception {
    chain = MockChain.open(Path.of("unused"), true);
    payments = new Payments(chain, PaymentOptions.defaults(), json);
    req = payments.requirement(100_000);
    try (var c = chain.connection()) {
      chain.store().mint(c, payer.address(), 250_000, Instant.now());
    }
  }

  @AfterEach
  void close() {
    chain.close();
  }

  PaymentPayload signed(Authorization a) {
    return PaymentPayload.fromJson(payer.payload(json, req, a, BaseSepolia.NETWORK));
  }

  @Test
  void digest_matches_web3j_structured_data_encoder() throws Exception {
    Authorization a = payer.authorization(req, Instant.now().getEpochSecond());
    String typed = "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"version\","
        + "\"type\":\"string\"},{\"name\":\"chainId\",\"type\":\"uint256\"},{\"name\":\"verifyingContract\","
        + "\"type\":\"address\"}],\"TransferWithAuthorization\":[{\"name\":\"from\",\"type\":\"address\"},{\"name\":"
        + "\"to\",\"type\":\"address\"},{\"name\":\"value\",\"type\":\"uint256\"},{\"name\":\"validAfter\",\"type\":"
        + "\"uint256\"},{\"name\":\"validBefore\",\"type\":\"uint256\"},{\"name\":\"nonce\",\"type\":\"bytes32\"}]},"
        + "\"primaryType\":\"TransferWithAuthorization\",\"domain\":{\"name\":\"USDC\",\"version\":\"2\",\"chainId\":"
        + "84532,\"verifyingContract\":\"" + BaseSepolia.USDC + "\"},\"message\":{\"from\":\"" + a.from() + "\",\"to\":\""
        + a.to() + "\",\"value\":" + a.value() + ",\"validAfter\":" + a.validAfter() + ",\"validBefore\":"
        + a.validBefore() + ",\"nonce\":\"" + a.nonce() + "\"}}";
    byte[] expected = new StructuredDataEncoder(typed).hashStructuredData();
    byte[] ours = Eip3009.digest(Eip3009.domainSeparator("USDC", "2", BigInteger.valueOf(84532), BaseSepolia.USDC), a);
    assertThat(Numeric.toHexString(ours)).isEqualTo(Numeric.toHexString(expected));
  }

  @Test
  void settles_once_and_moves_the_money() {
    PaymentPayload p = signed(payer.authorization(req, Instant.now().getEpochSecond()));
    Settlement s = payments.settleNow(p, req, "test");
    assertThat(s.success()).isTrue();
    assertThat(chain.store().balance(payer.address())).isEqualTo(150_000);
    assertThat(chain.store().tx(s.transaction())).isPresent();
    assertThatThrownBy(() -> payments.settleNow(p, req, "test"))
        .isInstanceOfSatisfying(PaymentFailure.class, f -> assertThat(f.reason()).isEqualTo("nonce_used"));
  }

  @Test
  void a_rolled_back_settlement_leaves_no_trace() {
    PaymentPayload p = signed(payer.authorization(req, Instant.now().getEpochSecond()));
    VerifiedPayment v = payments.verifier().verify(p, req);
    try (PendingSettlement pending = payments.prepare(new Payments.Pass(v, v.payer()), "test", null)) {
      assertThat(pending.tx().hash()).startsWith("0x");
    } // closed without commit: the caller's work failed
    assertThat(chain.store().balance(payer.address())).isEqualTo(250_000);
    assertThat(chain.store().nonceUsed(payer.address(), p.authorization().nonce())).isFalse();
    assertThat(payments.ledger().list(null, 10)).isEmpty();
    assertThat(payments.settleNow(p, req, "test").success()).isTrue();
  }

  @Test
  void rejects_each_bad_payment_with_its_reason() {
    long now = Instant.now().getEpochSecond();
    Authorization ok = payer.authorization(req, now);
    ObjectNode tampered = payer.payload(json, req, ok, BaseSepolia.NETWORK);
    ((ObjectNode) tampered.at("/payload/authorization")).put("value", "100001");
    assertReason(PaymentPayload.fromJson(tampered), "invalid_signature");
    assertReason(signed(new Authorization(ok.from(), ok.to(), ok.value(), BigInteger.valueOf(now - 600),
        BigInteger.valueOf(now - 1), ok.nonce())), "expired");
    assertReason(signed(new Authorization(ok.from(), ok.to(), BigInteger.valueOf(99_999), ok.validAfter(),
        ok.validBefore(), ok.nonce())), "amount_mismatch");
    assertReason(PaymentPayload.fromJson(payer.payload(json, req, ok, BaseSepolia.MAINNET)), "wrong_network");
    PaymentSigner poor = PaymentSigner.random();
    assertReason(PaymentPayload.fromJson(poor.payload(json, req, poor.authorization(req, now), BaseSepolia.NETWORK)),
        "insufficient_funds");
    assertThat(payments.ledger().list(null, 10)).isEmpty();
  }

  void assertReason(PaymentPayload p, String reason) {
    assertThatThrownBy(() -> payments.settleNow(p, req, "test"))
        .isInstanceOfSatisfying(PaymentFailure.class, f -> assertThat(f.reason()).isEqualTo(reason));
  }

  @Test
  void concurrent_payments_with_one_nonce_settle_exactly_once() throws Exception {
    PaymentPayload p = signed(payer.authorization(req, Instant.now().getEpochSecond()));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Callable<String> task = () -> {
          try {
            return payments.settleNow(p, req, "race").success() ? "ok" : "no";
          } catch (PaymentFailure f) {
            return f.reason();
          }
        };
        results.add(pool.submit(task));
      }
      List<String> outcomes = new ArrayList<>();
      for (Future<String> f : results) {
        outcomes.add(f.get(30, TimeUnit.SECONDS));
      }
      assertThat(outcomes).filteredOn("ok"::equals).hasSize(1);
      assertThat(outcomes).filteredOn("nonce_used"::equals).hasSize(7);
      assertThat(chain.store().balance(payer.address())).isEqualTo(150_000);
    } finally {
      pool.shutdownNow();
    }
  }
}

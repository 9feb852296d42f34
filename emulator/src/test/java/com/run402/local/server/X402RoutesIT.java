package com.run402.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.Run402Local;
import com.run402.local.junit5.Run402Test;
import com.run402.local.runtime.chain.BaseSepolia;
import com.run402.local.runtime.x402.PaymentRequirement;
import com.run402.local.runtime.x402.PaymentSigner;
import com.run402.local.testsupport.Api;
import com.run402.local.testsupport.TestWallet;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** x402 mode: tiers, paid provisioning, faucet, JSON-RPC, facilitator, billing, ledger, bad input. */
@Run402Test
class X402RoutesIT {
  static final ObjectMapper JSON = new ObjectMapper();
  Api api;
  Run402Local local;

  @BeforeEach
  void setUp(Run402Local local) {
    this.local = local;
    this.api = new Api(local.baseUri());
  }

  PaymentSigner funded() {
    PaymentSigner p = PaymentSigner.random();
    assertThat(api.postJson("/faucet/v1", Map.of(), "{\"address\":\"" + p.address() + "\"}").status()).isEqualTo(200);
    return p;
  }

  String pay(PaymentSigner p, long amount) {
    PaymentRequirement req = local.engine().x402().payments().requirement(amount);
    return PaymentSigner.header(p.payload(JSON, req, p.authorization(req, Instant.now().getEpochSecond()),
        BaseSepolia.NETWORK));
  }

  Map<String, String> headers(TestWallet w, String path, String payment) {
    Map<String, String> h = new HashMap<>();
    if (w != null) {
      h.putAll(api.wallet(w, path));
    }
    if (payment != null) {
      h.put("PAYMENT-SIGNATURE", payment);
    }
    return h;
  }

  static JsonNode decode(String b64) throws Exception {
    return JSON.readTree(new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8));
  }

  @Test
  void quotes_tiers_and_refuses_unknown_ones() {
    JsonNode q = api.get("/tiers/v1", Map.of()).json();
    assertThat(q.at("/tiers/prototype/price").asText()).isEqualTo("$0.10");
    assertThat(q.at("/tiers/hobby/lease_days").asInt()).isEqualTo(30);
    assertThat(q.at("/tiers/team/price_usd_micros").asLong()).isEqualTo(20_000_000L);
    assertThat(api.get("/tiers/v1/hobby", Map.of()).json().at("/accepts/0/amount").asText()).isEqualTo("5000000");
    Api.Res bad = api.postJson("/tiers/v1/gold", Map.of(), "{}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("message").asText()).isEqualTo("Unknown tier: gold. Valid tiers: prototype, hobby, team");
  }

  @Test
  void an_unpaid_tier_is_a_402_challenge_in_header_and_body() throws Exception {
    Api.Res r = api.postJson("/tiers/v1/hobby", Map.of(), "{}");
    assertThat(r.status()).isEqualTo(402);
    JsonNode challenge = decode(r.raw().headers().firstValue("PAYMENT-REQUIRED").orElseThrow());
    assertThat(challenge.get("x402Version").asInt()).isEqualTo(2);
    assertThat(challenge.at("/resource/url").asText()).endsWith("/tiers/v1/hobby");
    JsonNode accepts = challenge.at("/accepts/0");
    assertThat(accepts.get("scheme").asText()).isEqualTo("exact");
    assertThat(accepts.get("network").asText()).isEqualTo("eip155:84532");
    assertThat(accepts.get("asset").asText()).isEqualTo(BaseSepolia.USDC);
    assertThat(accepts.get("amount").asText()).isEqualTo("5000000");
    assertThat(accepts.at("/extra/name").asText()).isEqualTo("USDC");
    assertThat(accepts.at("/extra/version").asText()).isEqualTo("2");
    assertThat(r.json().get("x402")).isEqualTo(challenge);
    assertThat(r.json().get("error").asText()).isEqualTo("payment_required");
    assertThat(r.json().get("tier").asText()).isEqualTo("hobby");
  }

  @Test
  void subscribe_renew_already_active_and_downgrade() throws Exception {
    TestWallet w = TestWallet.random();
    PaymentSigner payer = funded();
    for (int i = 0; i < 2; i++) {
      try (var c = local.engine().x402().chain().connection()) {
        local.engine().x402().chain().store().mint(c, payer.address(), 5_000_000, Instant.now());
      }
    }
    Api.Res sub = api.postJson("/tiers/v1/hobby", headers(w, "/tiers/v1/hobby", pay(payer, 5_000_000)), "{}");
    assertThat(sub.status()).as(sub.text()).isEqualTo(201);
    assertThat(sub.json().get("action").asText()).isEqualTo("subscribe");
    assertThat(sub.json().get("wallet").asText()).isEqualTo(w.address());
    JsonNode settled = decode(sub.raw().headers().firstValue("PAYMENT-RESPONSE").orElseThrow());
    assertThat(settled.get("success").asBoolean()).isTrue();
    assertThat(settled.get("payer").asText()).isEqualTo(payer.address());
    JsonNode receipt = rpc("eth_getTransactionReceipt", "[\"" + settled.get("transaction").asText() + "\"]");
    assertThat(receipt.at("/result/status").asText()).isEqualTo("0x1");

    Api.Res again = api.postJson("/tiers/v1/hobby", headers(w, "/tiers/v1/hobby", null), "{}");
    assertThat(again.status()).isEqualTo(402);
    assertThat(again.json().get("message").asText()).contains("already active");
    Api.Res renew = api.postJson("/tiers/v1/hobby", headers(w, "/tiers/v1/hobby", pay(payer, 5_000_000)), "{}");
    assertThat(renew.status()).as(renew.text()).isEqualTo(200);
    assertThat(renew.json().get("action").asText()).isEqualTo("renew");
    assertThat(Instant.parse(renew.json().get("lease_expires_at").asText()))
        .isAfter(Instant.parse(sub.json().get("lease_expires_at").asText()));
    Api.Res down = api.postJson("/tiers/v1/prototype", headers(w, "/tiers/v1/prototype", pay(payer, 100_000)), "{}");
    assertThat(down.json().get("action").asText()).as(down.text()).isEqualTo("downgrade");
    assertThat(down.json().get("previous_tier").asText()).isEqualTo("hobby");
    JsonNode status = api.get("/tiers/v1/status", api.wallet(w, "/tiers/v1/status")).json();
    assertThat(status.get("active").asBoolean()).isTrue();
    assertThat(status.get("tier").asText()).isEqualTo("prototype");
  }

  @Test
  void a_repeated_tier_change_with_its_idempotency_key_answers_again_and_charges_once() throws Exception {
    TestWallet w = TestWallet.random();
    PaymentSigner payer = funded(); // the faucet's drip: enough for several prototype payments
    long start = local.engine().x402().chain().store().balance(payer.address());
    Map<String, String> first = headers(w, "/tiers/v1/prototype", pay(payer, 100_000));
    first.put("Idempotency-Key", "tier-k1");
    Api.Res sub = api.postJson("/tiers/v1/prototype", first, "{}");
    assertThat(sub.status()).as(sub.text()).isEqualTo(201);
    Map<String, String> retry = headers(w, "/tiers/v1/prototype", pay(payer, 100_000)); // a fresh payment, as a retry
    retry.put("Idempotency-Key", "tier-k1");
    Api.Res again = api.postJson("/tiers/v1/prototype", retry, "{}");
    assertThat(again.status()).as(again.text()).isEqualTo(201);
    assertThat(again.json()).isEqualTo(sub.json());
    assertThat(again.raw().headers().firstValue("PAYMENT-RESPONSE")).as("nothing settled").isEmpty();
    assertThat(local.engine().x402().chain().store().balance(payer.address())).isEqualTo(start - 100_000);
    JsonNode status = api.get("/tiers/v1/status", api.wallet(w, "/tiers/v1/status")).json();
    assertThat(status.get("lease_expires_at").asText()).as("not renewed a second time")
        .isEqualTo(sub.json().get("lease_expires_at").asText());

    try (var c = local.engine().x402().chain().connection()) {
      local.engine().x402().chain().store().mint(c, payer.address(), 5_000_000, Instant.now());
    }
    long funded = local.engine().x402().chain().store().balance(payer.address());
    Map<String, String> other = headers(w, "/tiers/v1/hobby", pay(payer, 5_000_000));
    other.put("Idempotency-Key", "tier-k1");
    Api.Res upgrade = api.postJson("/tiers/v1/hobby", other, "{}");
    assertThat(upgrade.status()).as("keys are scoped to the route: another tier is another request")
        .isEqualTo(200);
    assertThat(upgrade.json().get("action").asText()).isEqualTo("upgrade");
    Map<String, String> tooLong = headers(w, "/tiers/v1/prototype", pay(payer, 100_000));
    tooLong.put("Idempotency-Key", "k".repeat(300));
    assertThat(api.postJson("/tiers/v1/prototype", tooLong, "{}").status()).isEqualTo(400);
    assertThat(local.engine().x402().chain().store().balance(payer.address())).as("the upgrade only")
        .isEqualTo(funded - 5_000_000);
  }

  @Test
  void a_v1_payment_in_x_payment_is_accepted_and_answered_in_both_headers() throws Exception {
    TestWallet w = TestWallet.random();
    PaymentSigner payer = funded();
    PaymentRequirement req = local.engine().x402().payments().requirement(100_000);
    ObjectNode v2 = payer.payload(JSON, req,
        payer.authorization(req, Instant.now().getEpochSecond()), BaseSepolia.NETWORK);
    ObjectNode v1 = JSON.createObjectNode(); // the v1 shape (x402 v1 spec)
    v1.put("x402Version", 1).put("scheme", "exact").put("network", BaseSepolia.V1_NETWORK);
    v1.set("payload", v2.get("payload"));
    Map<String, String> h = headers(w, "/tiers/v1/prototype", null);
    h.put("X-PAYMENT", PaymentSigner.header(v1));
    Api.Res sub = api.postJson("/tiers/v1/prototype", h, "{}");
    assertThat(sub.status()).as(sub.text()).isEqualTo(201);
    assertThat(sub.raw().headers().firstValue("X-PAYMENT-RESPONSE")).isPresent();
    assertThat(decode(sub.raw().headers().firstValue("PAYMENT-RESPONSE").orElseThrow()).get("success").asBoolean())
        .isTrue();
    // the same signed authorization again (a renewal would need a new one): its nonce is spent
    Map<String, String> renew = headers(w, "/tiers/v1/prototype", null);
    renew.put("X-PAYMENT", PaymentSigner.header(v1));
    Api.Res replay = api.postJson("/tiers/v1/prototype", renew, "{}");
    assertThat(replay.status()).as(replay.text()).isEqualTo(402);
  }

  @Test
  void provisioning_without_a_tier_is_paid_once_and_subscribes_prototype() throws Exception {
    TestWallet w = TestWallet.random();
    Api.Res unpaid = api.postJson("/projects/v1", headers(w, "/projects/v1", null), "{\"name\":\"paid\"}");
    assertThat(unpaid.status()).isEqualTo(402);
    assertThat(unpaid.json().at("/x402/accepts/0/amount").asText()).isEqualTo("100000");
    PaymentSigner payer = funded();
    Api.Res paid = api.postJson("/projects/v1", headers(w, "/projects/v1", pay(payer, 100_000)), "{\"name\":\"paid\"}");
    assertThat(paid.status()).as(paid.text()).isEqualTo(201);
    assertThat(paid.raw().headers().firstValue("PAYMENT-RESPONSE")).isPresent();
    assertThat(local.engine().x402().chain().store().balance(payer.address())).isEqualTo(150_000);
    Api.Res second = api.postJson("/projects/v1", headers(w, "/projects/v1", null), "{\"name\":\"free now\"}");
    assertThat(second.status()).isEqualTo(201);
    assertThat(api.get("/tiers/v1/status", api.wallet(w, "/tiers/v1/status")).json().get("tier").asText())
        .isEqualTo("prototype");
  }

  @Test
  void a_refused_payment_on_provision_leaves_no_project_and_no_transfer() {
    TestWallet w = TestWallet.random();
    PaymentSigner poor = PaymentSigner.random();
    Api.Res r = api.postJson("/projects/v1", headers(w, "/projects/v1", pay(poor, 100_000)), "{\"name\":\"x\"}");
    assertThat(r.status()).isEqualTo(402);
    assertThat(r.json().get("reason").asText()).isEqualTo("insufficient_funds");
    assertThat(api.get("/projects/v1", api.wallet(w, "/projects/v1")).json().get("projects")).isEmpty();
    assertThat(local.engine().x402().payments().ledger().list(poor.address(), 10)).isEmpty();
  }

  @Test
  void faucet_drips_once_per_cooldown_and_honours_idempotency_keys() {
    String a = PaymentSigner.random().address();
    Map<String, String> key = Map.of("Idempotency-Key", "drip-" + a);
    Api.Res first = api.postJson("/faucet/v1", key, "{\"address\":\"" + a + "\"}");
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().get("amount_usd_micros").asLong()).isEqualTo(250_000);
    assertThat(first.json().get("token").asText()).isEqualTo("USDC");
    assertThat(first.json().get("network").asText()).isEqualTo("base-sepolia");
    assertThat(api.postJson("/faucet/v1", key, "{\"address\":\"" + a + "\"}").json()).isEqualTo(first.json());
    Api.Res second = api.postJson("/faucet/v1", Map.of(), "{\"address\":\"" + a + "\"}");
    assertThat(second.status()).isEqualTo(429);
    assertThat(second.json().get("message").asText()).startsWith("Rate limit exceeded. One drip per 24 hours.");
    assertThat(second.raw().headers().firstValue("Retry-After")).isPresent();
    assertThat(local.engine().x402().chain().store().balance(a)).isEqualTo(250_000);
    assertThat(api.postJson("/faucet/v1", Map.of(), "{\"address\":\"0x12\"}").status()).isEqualTo(400);
    assertThat(api.postJson("/faucet/v1", Map.of(), "{\"address\":").status()).isEqualTo(400);
    assertThat(api.postJson("/faucet/v1", Map.of(), "").status()).isEqualTo(400);
  }

  JsonNode rpc(String method, String params) {
    return api.postJson("/chain/rpc", Map.of(),
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method + "\",\"params\":" + params + "}").json();
  }

  @Test
  void json_rpc_answers_chain_id_balances_and_errors() {
    PaymentSigner p = funded();
    assertThat(rpc("eth_chainId", "[]").get("result").asText()).isEqualTo("0x14a34");
    assertThat(rpc("eth_blockNumber", "[]").get("result").asText()).startsWith("0x");
    String data = "0x70a08231" + "0".repeat(24) + p.address().substring(2);
    JsonNode bal = rpc("eth_call", "[{\"to\":\"" + BaseSepolia.USDC + "\",\"data\":\"" + data + "\"},\"latest\"]");
    assertThat(Long.parseLong(bal.get("result").asText().substring(2), 16)).isEqualTo(250_000);
    assertThat(rpc("eth_sendRawTransaction", "[\"0x00\"]").at("/error/code").asInt()).isEqualTo(-32601);
    assertThat(rpc("eth_getTransactionReceipt", "[\"nope\"]").at("/error/code").asInt()).isEqualTo(-32602);
    assertThat(rpc("eth_getTransactionReceipt", "[\"0x" + "ab".repeat(32) + "\"]").get("result").isNull()).isTrue();
    Api.Res garbage = api.postJson("/chain/rpc", Map.of(), "{{");
    assertThat(garbage.status()).isEqualTo(200);
    assertThat(garbage.json().at("/error/code").asInt()).isEqualTo(-32700);
  }

  @Test
  void facilitator_verifies_settles_and_refuses_replays() throws Exception {
    PaymentSigner p = funded();
    PaymentRequirement req = local.engine().x402().payments().requirement(10_000);
    ObjectNode payload = p.payload(JSON, req, p.authorization(req, Instant.now().getEpochSecond()), BaseSepolia.NETWORK);
    ObjectNode body = JSON.createObjectNode().put("x402Version", 2);
    body.set("paymentPayload", payload);
    body.set("paymentRequirements", req.toJson(JSON));
    JsonNode v = api.postJson("/facilitator/verify", Map.of(), body.toString()).json();
    assertThat(v.get("isValid").asBoolean()).as(v.toString()).isTrue();
    JsonNode s = api.postJson("/facilitator/settle", Map.of(), body.toString()).json();
    assertThat(s.get("success").asBoolean()).as(s.toString()).isTrue();
    assertThat(s.get("transaction").asText()).matches("0x[0-9a-f]{64}");
    JsonNode again = api.postJson("/facilitator/settle", Map.of(), body.toString()).json();
    assertThat(again.get("success").asBoolean()).isFalse();
    assertThat(again.get("errorReason").asText()).isEqualTo("invalid_exact_evm_nonce_already_used");
    assertThat(api.get("/facilitator/supported", Map.of()).json().at("/kinds/0/network").asText()).isEqualTo("eip155:84532");
    assertThat(api.postJson("/facilitator/verify", Map.of(), "{}").status()).isEqualTo(400);
    assertThat(api.postJson("/facilitator/settle", Map.of(), "[1]").status()).isEqualTo(400);
  }

  @Test
  void malformed_payment_headers_are_402_with_a_reason() {
    for (String bad : new String[] {"!!!", Base64.getEncoder().encodeToString("{\"x402Version\":3}".getBytes())}) {
      Api.Res r = api.postJson("/tiers/v1/prototype", Map.of("PAYMENT-SIGNATURE", bad), "{}");
      assertThat(r.status()).isEqualTo(402);
      assertThat(r.json().get("reason").asText()).isEqualTo("invalid_payload");
    }
  }

  @Test
  void image_generation_stays_not_emulated_and_takes_no_money() {
    Api.Res r = api.postJson("/generate-image/v1", Map.of(), "{\"prompt\":\"cat\"}");
    assertThat(r.status()).isEqualTo(501);
  }

  @Test
  void billing_and_the_local_ledger_show_the_payment() {
    TestWallet w = TestWallet.random();
    PaymentSigner payer = funded();
    api.postJson("/tiers/v1/prototype", headers(w, "/tiers/v1/prototype", pay(payer, 100_000)), "{}");
    JsonNode ledger = api.get("/__local/payments?payer=" + payer.address(), Map.of()).json();
    assertThat(ledger.at("/payments/0/amount_usd_micros").asLong()).isEqualTo(100_000);
    assertThat(ledger.at("/payments/0/route").asText()).isEqualTo("POST /tiers/v1/prototype");
    TestWallet pw = w;
    JsonNode lookup = api.get("/orgs/v1/lookup?wallet=" + pw.address(), api.wallet(pw, "/orgs/v1/lookup?wallet=" + pw.address())).json();
    assertThat(lookup.get("tier").asText()).isEqualTo("prototype");
    JsonNode hist = api.get("/billing/v1/accounts/" + payer.address() + "/history", Map.of()).json();
    assertThat(hist.at("/entries/0/amount_usd_micros").asLong()).isEqualTo(100_000);
    assertThat(api.get("/billing/v1/accounts/nope", Map.of()).status()).isEqualTo(400);
    assertThat(api.get("/__local/payments?limit=0", Map.of()).status()).isEqualTo(400);
  }
}

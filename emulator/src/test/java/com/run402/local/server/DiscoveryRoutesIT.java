package com.run402.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.run402.local.Run402Local;
import com.run402.local.junit5.Run402Test;
import com.run402.local.testsupport.Api;
import com.run402.local.testsupport.TestWallet;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Discovery and liveness (legacy-gateway 1.1): what this emulator sells, who is pinging, how many wallets. */
@Run402Test(payments = "free")
class DiscoveryRoutesIT {
  Api api;
  Run402Local local;

  @BeforeEach
  void setUp(Run402Local local) {
    this.local = local;
    api = new Api(local.baseUri());
  }

  @Test
  void discovery_lists_what_this_emulator_sells_and_ping_names_the_wallet() throws Exception {
    String base = local.baseUri().toString();
    Api.Res known = api.get("/.well-known/x402", Map.of());
    assertThat(known.status()).isEqualTo(200);
    assertThat(known.json().get("version").asInt()).isEqualTo(1);
    assertThat(known.json().get("resources").toString()).isEqualTo("[\"" + base + "/tiers/v1/prototype\",\"" + base
        + "/tiers/v1/hobby\",\"" + base + "/tiers/v1/team\"]");
    assertThat(known.json().get("mppResources")).as("no MPP rail here: none offered").isEmpty();
    assertThat(known.json().get("instructions").asText()).contains(base + "/tiers/v1");

    Api.Res openapi = api.get("/openapi.json", Map.of());
    assertThat(openapi.json().get("openapi").asText()).isEqualTo("3.1.0");
    assertThat(openapi.json().get("info").get("version").asText()).isEqualTo("2.0.0");
    assertThat(openapi.raw().headers().firstValue("cache-control")).contains("public, max-age=3600");
    assertThat(openapi.json().at("/paths/~1tiers~1v1~1prototype/post/x-payment-info/price").asText()).isEqualTo("0.10");
    assertThat(openapi.json().at("/paths/~1tiers~1v1~1team/post/x-payment-info/price").asText()).isEqualTo("20.00");
    assertThat(openapi.json().get("paths").has("/generate-image/v1")).as("answers 501 here").isFalse();
    assertThat(openapi.json().at("/paths/~1tiers~1v1~1hobby/post/x-payment-info/protocols").toString())
        .isEqualTo("[\"x402\"]");

    Api.Res anonymous = api.get("/ping/v1", Map.of());
    assertThat(anonymous.status()).as(anonymous.text()).isEqualTo(401);
    assertThat(api.get("/ping/v1", Map.of("SIGN-IN-WITH-X", "not-a-siwx-header")).status())
        .as("an invalid SIWX header is a 402, as production answers").isEqualTo(402);
    TestWallet w = TestWallet.random();
    Api.Res ping = api.get("/ping/v1", api.wallet(w, "/ping/v1"));
    assertThat(ping.status()).as(ping.text()).isEqualTo(200);
    assertThat(ping.json().get("status").asText()).isEqualTo("ok");
    assertThat(ping.json().get("wallet").asText()).isEqualTo(w.address().toLowerCase(java.util.Locale.ROOT));
    assertThat(ping.json().get("tier").isNull()).as("no tier bought").isTrue();
    assertThat(java.time.Instant.parse(ping.json().get("timestamp").asText())).isNotNull();
    long before = api.get("/public/stats", Map.of()).json().get("wallets").asLong();
    Api.Res project = api.postJson("/projects/v1", api.wallet(w, "/projects/v1"), "{\"name\":\"counted\"}");
    assertThat(project.status()).as(project.text()).isEqualTo(201);
    Api.Res stats = api.get("/public/stats", Map.of());
    assertThat(stats.json().get("wallets").asLong()).as("a wallet that owns a project is counted").isEqualTo(before + 1);
    assertThat(stats.raw().headers().firstValue("cache-control")).contains("public, max-age=60");
  }

}

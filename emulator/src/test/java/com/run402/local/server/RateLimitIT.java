package com.run402.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.run402.local.LocalProject;
import com.run402.local.Run402Local;
import com.run402.local.testsupport.Api;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-project rate limit (production: 100 req/s), set to 3 per second through the options so a
 * burst is over it whatever the machine's speed: 40 sequential requests would need 13 s to stay under.
 */
class RateLimitIT {
  static Run402Local local;

  @BeforeAll
  static void start() {
    local = Run402Local.builder().port(0).rateLimitPerSecond(3).start();
  }

  @AfterAll
  static void stop() {
    if (local != null) {
      local.close();
    }
  }

  @Test
  void a_burst_over_the_rate_gets_429_with_retry_after() {
    Api api = new Api(local.baseUri());
    LocalProject p = local.createProject("burst");
    LocalProject other = local.createProject("other");
    List<Api.Res> burst = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      burst.add(api.get("/rest/v1/nothing", Map.of("apikey", p.anonKey())));
    }
    assertThat(burst.get(0).status()).as("the bucket starts full").isNotEqualTo(429);
    Api.Res limited = burst.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
    assertThat(limited.json().get("error").asText()).isEqualTo("Rate limit exceeded");
    assertThat(limited.json().get("retry_after").asInt()).isEqualTo(1);
    assertThat(limited.raw().headers().firstValue("Retry-After")).hasValue("1");
    assertThat(local.options().rateLimitPerSecond()).isEqualTo(3);

    Api.Res another = api.get("/rest/v1/nothing", Map.of("apikey", other.anonKey()));
    assertThat(another.status()).as("buckets are per project").isNotEqualTo(429);
  }
}

package com.run402.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.run402.local.junit5.Run402Test;
import com.run402.local.testsupport.Api;
import com.run402.local.testsupport.OneProjectPerTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tier limits on metered requests: production's budget 402 with usage details and the renew hint. */
@Run402Test
class UsageLimitsIT extends OneProjectPerTest {

  @BeforeEach
  void setUp() {
    assertThat(sql("CREATE TABLE t (id int)").status()).isEqualTo(200);
  }

  @Test
  void over_the_api_call_limit_rest_and_sql_answer_402_with_usage() {
    assertThat(api.get("/admin/v1/rest/t", Api.bearer(p.serviceKey())).status()).isEqualTo(200);
    local.engine().usage().set(p.projectId(), 499_999, 0);

    Api.Res r = api.get("/rest/v1/t", Map.of("apikey", p.anonKey()));
    assertThat(r.status()).as(r.text()).isEqualTo(402);
    assertThat(r.json().get("error").asText()).isEqualTo("API call limit exceeded");
    assertThat(r.json().get("message").asText())
        .isEqualTo("Your prototype tier allows 500,000 API calls. Upgrade your tier to continue.");
    assertThat(r.json().get("usage").get("api_calls").asLong()).as("this refused call counts too").isEqualTo(500_000);
    assertThat(r.json().get("usage").get("limit").asLong()).isEqualTo(500_000);
    assertThat(r.json().get("renew_url").asText()).isEqualTo("/tiers/v1/prototype");

    assertThat(api.get("/admin/v1/rest/t", Api.bearer(p.serviceKey())).status()).isEqualTo(402);
    Api.Res s = sql("SELECT 1");
    assertThat(s.status()).isEqualTo(402);
    assertThat(s.json().get("usage").get("api_calls").asLong())
        .as("as in production, only /rest/v1 is metered: the admin path and SQL are checked, not counted")
        .isEqualTo(500_000);
    assertThat(api.get("/projects/v1/admin/" + p.projectId() + "/usage", Api.bearer(p.serviceKey())).json()
        .get("api_calls").asLong()).isEqualTo(500_000);
  }

  @Test
  void over_the_storage_limit_rest_and_sql_answer_402() {
    local.engine().usage().set(p.projectId(), 10, 250L * 1024 * 1024);
    Api.Res r = api.get("/rest/v1/t", Map.of("apikey", p.anonKey()));
    assertThat(r.status()).as(r.text()).isEqualTo(402);
    assertThat(r.json().get("error").asText()).isEqualTo("Storage limit exceeded");
    assertThat(r.json().get("message").asText())
        .isEqualTo("Your prototype tier allows 250MB storage. Upgrade your tier to continue.");
    assertThat(r.json().get("usage").get("storage_bytes").asLong()).isEqualTo(250L * 1024 * 1024);
    assertThat(sql("SELECT 1").status()).isEqualTo(402);
  }

  @Test
  void counts_survive_a_flush() throws Exception {
    for (int i = 0; i < 3; i++) {
      api.get("/rest/v1/t", Map.of("apikey", p.anonKey()));
    }
    local.engine().usage().flush();
    api.get("/rest/v1/t", Map.of("apikey", p.anonKey()));
    assertThat(local.engine().usage().read(p.projectId()).apiCalls()).isEqualTo(4);
  }

  private Api.Res sql(String text) {
    Map<String, String> h = new HashMap<>(Api.bearer(p.serviceKey()));
    h.put("Content-Type", "text/plain");
    return api.send("POST", "/projects/v1/admin/" + p.projectId() + "/sql", h, text);
  }
}

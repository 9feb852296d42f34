package com.run402.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.run402.local.Run402Local;
import com.run402.local.junit5.Run402Test;
import com.run402.local.testsupport.Api;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@Run402Test
class ServiceRoutesIT {
  Api api;
  Run402Local local;

  @BeforeEach
  void setUp(Run402Local local) {
    this.local = local;
    api = new Api(local.baseUri());
  }

  @Test
  void health_and_status_answer_without_auth() {
    Api.Res h = api.get("/health", Map.of());
    assertThat(h.status()).isEqualTo(200);
    assertThat(h.json().get("status").asText()).isEqualTo("healthy");
    assertThat(h.json().get("checks").get("postgres").asText()).isEqualTo("ok");
    assertThat(h.json().has("mode")).as("mode:core would make the CLI treat us as Run402 Core").isFalse();
    assertThat(api.send("HEAD", "/health", Map.of(), null).status()).isEqualTo(200);
    Api.Res humans = api.get("/health-humans", Map.of());
    assertThat(humans.status()).isEqualTo(200);
    assertThat(humans.raw().headers().firstValue("content-type").orElse("")).startsWith("text/html");
    assertThat(humans.text()).contains("run402-local is healthy").contains(Run402Local.version());
    Api.Res s = api.get("/status", Map.of());
    assertThat(s.json().get("current_status").asText()).isEqualTo("operational");
    assertThat(s.json().get("deployment").get("version").asText()).isEqualTo(Run402Local.version());
  }

  @Test
  void unknown_paths_404_and_unemulated_routes_501_in_the_envelope() {
    Api.Res nf = api.get("/no/such/thing", Map.of());
    assertThat(nf.status()).isEqualTo(404);
    assertThat(nf.json().get("error").asText()).isEqualTo("not_found");
    Api.Res ne = api.send("POST", "/generate-image/v1", Map.of(), "{}");
    assertThat(ne.status()).isEqualTo(501);
    assertThat(ne.json().get("error").asText()).isEqualTo("not_emulated");
    assertThat(ne.json().get("message").asText()).isEqualTo("POST /generate-image/v1 is not emulated by run402-local yet");
  }

  @Test
  void cors_preflight_is_204_everywhere() {
    Api.Res r = api.send("OPTIONS", "/projects/v1/admin/x/sql", Map.of("Origin", "http://localhost:3000"), null);
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.raw().headers().firstValue("access-control-allow-origin")).contains("*");
    assertThat(r.raw().headers().firstValue("access-control-allow-headers").orElse("")).contains("SIGN-IN-WITH-X");
  }

  @Test
  void local_admin_routes_report_info_parity_and_reset() {
    Api.Res info = api.get("/__local/info", Map.of());
    assertThat(info.json().get("api_base").asText()).isEqualTo(local.baseUri().toString());
    assertThat(info.json().get("data_dir").asText()).isEqualTo(local.dataDir().toString());
    Api.Res parity = api.get("/__local/parity", Map.of());
    assertThat(parity.json().get("summary").get("total").asInt()).isGreaterThan(250);
    assertThat(parity.json().get("routes").findValuesAsText("status")).contains("emulated", "not_emulated");

    var p = local.createProject("before-reset");
    assertThat(api.send("POST", "/__local/reset", Map.of(), null).status()).isEqualTo(200);
    assertThat(api.send("POST", "/projects/v1/admin/" + p.projectId() + "/sql", Api.bearer(p.serviceKey()), "select 1")
        .status()).isEqualTo(404);
  }
}

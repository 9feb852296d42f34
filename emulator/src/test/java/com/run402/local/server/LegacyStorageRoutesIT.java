package com.run402.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.run402.local.junit5.Run402Test;
import com.run402.local.testsupport.Api;
import com.run402.local.testsupport.OneProjectPerTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The legacy upload_file routes: shapes and errors of legacy-gateway 1.8. */
@Run402Test
class LegacyStorageRoutesIT extends OneProjectPerTest {

  @Test
  void upload_download_list_sign_public_and_delete() {
    Map<String, String> ak = Map.of("apikey", p.anonKey(), "Content-Type", "text/csv");
    Api.Res up = api.send("POST", "/storage/v1/object/docs/reports/q1.csv", ak, "a,b\n1,2\n");
    assertThat(up.status()).isEqualTo(200);
    assertThat(up.json().get("key").asText()).isEqualTo("docs/reports/q1.csv");
    assertThat(up.json().get("size").asLong()).isEqualTo(8);
    String publicUrl = up.json().get("url").asText();
    assertThat(publicUrl).isEqualTo(api.base() + "/storage/v1/public/" + p.projectId() + "/docs/reports/q1.csv");

    Api.Res down = api.get("/storage/v1/object/docs/reports/q1.csv", Map.of("apikey", p.anonKey()));
    assertThat(down.text()).isEqualTo("a,b\n1,2\n");
    Api.Res pub = api.get(publicUrl.substring(api.base().length()), Map.of());
    assertThat(pub.text()).isEqualTo("a,b\n1,2\n");
    assertThat(pub.raw().headers().firstValue("cache-control")).contains("public, max-age=3600");

    Api.Res list = api.get("/storage/v1/object/list/docs", Map.of("apikey", p.serviceKey()));
    assertThat(list.json().get("objects").get(0).get("key").asText()).isEqualTo("reports/q1.csv");
    assertThat(list.json().get("objects").get(0).get("size").asLong()).isEqualTo(8);

    Api.Res sign = api.send("POST", "/storage/v1/object/sign/docs/reports/q1.csv", Map.of("apikey", p.anonKey()), null);
    assertThat(sign.json().get("expires_in").asInt()).isEqualTo(3600);
    assertThat(api.get(sign.json().get("signed_url").asText().substring(api.base().length()), Map.of()).text())
        .isEqualTo("a,b\n1,2\n");

    Api.Res del = api.send("DELETE", "/storage/v1/object/docs/reports/q1.csv", Map.of("apikey", p.anonKey()), null);
    assertThat(del.json().get("status").asText()).isEqualTo("deleted");
    assertThat(del.json().get("key").asText()).isEqualTo("docs/reports/q1.csv");
    Api.Res gone = api.get("/storage/v1/object/docs/reports/q1.csv", Map.of("apikey", p.anonKey()));
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.json().get("error").asText()).isEqualTo("File not found");
  }

  @Test
  void bad_input_is_a_clear_4xx() {
    assertThat(api.send("POST", "/storage/v1/object/docs/a.txt", Map.of(), "x").status()).isEqualTo(401);
    assertThat(api.send("POST", "/storage/v1/object/docs/a/../../b", Map.of("apikey", p.anonKey()), "x").status())
        .isBetween(400, 404);
    assertThat(api.send("POST", "/storage/v1/object/docs/a%5Cb", Map.of("apikey", p.anonKey()), "x").status())
        .isEqualTo(400);
    Api.Res big = api.announce("POST", "/storage/v1/object/docs/big.bin", Map.of("apikey", p.anonKey()),
        50L * 1024 * 1024 + 1);
    assertThat(big.status()).isEqualTo(413);
    assertThat(big.json().get("error").asText()).isEqualTo("Request body too large");
    assertThat(api.get("/storage/v1/public/prj_nope/docs/a.txt", Map.of()).status()).isEqualTo(404);
  }
}

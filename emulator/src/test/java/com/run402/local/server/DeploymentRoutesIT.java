package com.run402.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.run402.local.Run402Local;
import com.run402.local.junit5.Run402Test;
import com.run402.local.testsupport.Api;
import com.run402.local.testsupport.TestWallet;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Legacy inline deployments and subdomain claims (legacy-gateway 1.9, 1.10) over raw HTTP. */
@Run402Test(payments = "free")
class DeploymentRoutesIT {
  private Run402Local local;
  private Api api;
  private final TestWallet wallet = TestWallet.random();
  private String id;
  private String service;

  @BeforeEach
  void project(Run402Local local) {
    this.local = local;
    api = new Api(local.baseUri());
    Api.Res r = api.postJson("/projects/v1", api.wallet(wallet, "/projects/v1"), "{\"name\":\"deployments\"}");
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    id = r.json().get("project_id").asText();
    service = r.json().get("service_key").asText();
  }

  private Api.Res deploy(String files) {
    return api.postJson("/deployments/v1", api.wallet(wallet, "/deployments/v1"),
        "{\"project\":\"" + id + "\",\"files\":" + files + "}");
  }

  /** The /__sites path form of a site URL ({@code http://<label>.localhost:port}) plus a file path. */
  private static String path(String url, String file) {
    String host = URI.create(url).getHost();
    return "/__sites/" + host.substring(0, host.length() - ".localhost".length()) + "/" + file;
  }

  @Test
  void inline_deploy_then_claim_a_subdomain() {
    Api.Res d = deploy("[{\"file\":\"index.html\",\"data\":\"<p>legacy</p>\"},"
        + "{\"file\":\"/img/dot.gif\",\"data\":\"R0lGODlhAQABAAAAACw=\",\"encoding\":\"base64\"}]");
    assertThat(d.status()).as(d.text()).isEqualTo(201);
    String dep = d.json().get("deployment_id").asText();
    assertThat(api.get(path(d.json().get("url").asText(), ""), Map.of()).text()).isEqualTo("<p>legacy</p>");
    Api.Res gif = api.get(path(d.json().get("url").asText(), "img/dot.gif"), Map.of());
    assertThat(gif.raw().headers().firstValue("content-type")).contains("image/gif");

    Api.Res info = api.get("/deployments/v1/" + dep, Map.of());
    assertThat(info.json().get("id").asText()).isEqualTo(dep);
    assertThat(info.json().get("project_id").asText()).isEqualTo(id);
    assertThat(info.json().get("status").asText()).isEqualTo("READY");
    assertThat(info.json().get("files_count").asInt()).isEqualTo(2);

    String name = "dep" + Long.toString(System.nanoTime(), 36);
    Api.Res claim = api.postJson("/subdomains/v1", Api.bearer(service),
        "{\"name\":\"" + name + "\",\"deployment_id\":\"" + dep + "\"}");
    assertThat(claim.status()).as(claim.text()).isEqualTo(201);
    assertThat(claim.json().get("name").asText()).isEqualTo(name);
    assertThat(claim.json().get("deployment_id").asText()).isEqualTo(dep);
    assertThat(claim.json().get("project_id").asText()).isEqualTo(id);
    assertThat(claim.json().get("url").asText()).contains(name + ".localhost");
    assertThat(api.get(path(claim.json().get("url").asText(), ""), Map.of()).text()).isEqualTo("<p>legacy</p>");
    assertThat(api.get("/subdomains/v1", Api.bearer(service)).json().get("subdomains").get(0).get("name").asText())
        .isEqualTo(name);
    assertThat(api.get("/subdomains/v1/" + name, Map.of()).json().get("deployment_id").asText()).isEqualTo(dep);
    Api.Res del = api.send("DELETE", "/subdomains/v1/" + name, Api.bearer(service), null);
    assertThat(del.json().get("status").asText()).isEqualTo("deleted");
    assertThat(api.get("/subdomains/v1/" + name, Map.of()).status()).isEqualTo(404);
  }

  @Test
  void bad_input_is_a_clear_4xx() {
    for (String files : new String[] {"[]", "{}", "[{\"data\":\"x\"}]", "[{\"file\":\"a.html\"}]",
        "[{\"file\":\"../a.html\",\"data\":\"x\"}]", "[{\"file\":\"a/../../b\",\"data\":\"x\"}]",
        "[{\"file\":\"a\\u0000b\",\"data\":\"x\"}]",
        "[{\"file\":\"a.bin\",\"data\":\"x\",\"encoding\":\"rot13\"}]"}) {
      Api.Res r = deploy(files);
      assertThat(r.status()).as(files + " -> " + r.text()).isEqualTo(400);
    }
    assertThat(api.postJson("/deployments/v1", api.wallet(wallet, "/deployments/v1"), "not json").status())
        .isEqualTo(400);
    assertThat(api.postJson("/deployments/v1", api.wallet(wallet, "/deployments/v1"), "{\"files\":[]}").status())
        .isEqualTo(400);
    Api.Res big = deploy("[{\"file\":\"big.txt\",\"data\":\"" + "x".repeat(50 * 1024 * 1024 + 1) + "\"}]");
    assertThat(big.status()).as(big.text()).isEqualTo(413);
    assertThat(api.get("/deployments/v1/dpl_nope", Map.of()).status()).isEqualTo(404);

    Map<String, String> svc = Api.bearer(service);
    assertThat(api.postJson("/subdomains/v1", svc, "{\"name\":\"okname\",\"deployment_id\":\"dpl_nope\"}").status())
        .isEqualTo(404);
    assertThat(api.postJson("/subdomains/v1", svc, "{\"name\":\"okname\"}").status()).isEqualTo(400);
    assertThat(api.postJson("/subdomains/v1", svc, "{\"name\":\"Bad_Name!\",\"deployment_id\":\"x\"}").status())
        .isEqualTo(400);
    assertThat(api.postJson("/subdomains/v1", Map.of(), "{\"name\":\"okname\",\"deployment_id\":\"x\"}").status())
        .isEqualTo(401);
    assertThat(api.get("/subdomains/v1/no-such-sub", Map.of()).status()).isEqualTo(404);
    assertThat(api.send("DELETE", "/subdomains/v1/no-such-sub", svc, null).status()).isEqualTo(404);
    Api.Res bundle = api.postJson("/deploy/v1", svc, "{}");
    assertThat(bundle.status()).as(bundle.text()).isEqualTo(501);
    assertThat(bundle.json().get("error").asText()).isEqualTo("not_emulated");
  }

  @Test
  void an_expired_lease_cannot_deploy() {
    Map<String, String> advance = new HashMap<>();
    try {
      assertThat(api.postJson("/__local/clock", advance, "{\"advance\":\"8d\"}").status()).isEqualTo(200);
      Api.Res r = deploy("[{\"file\":\"index.html\",\"data\":\"x\"}]");
      assertThat(r.status()).as(r.text()).isEqualTo(402);
    } finally {
      local.resetClock();
    }
    assertThat(deploy("[{\"file\":\"index.html\",\"data\":\"x\"}]").status()).isEqualTo(201);
  }
}

package com.run402.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.run402.local.testsupport.Api;
import com.run402.local.testsupport.TestWallet;
import java.util.HashMap;
import java.util.Map;

/** A fresh project for function tests: deploys over the legacy route and invokes with its anon key. */
record FunctionProject(Api api, String id, String service, String anon, TestWallet wallet) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static FunctionProject provision(Api api, String name) {
    TestWallet w = TestWallet.random();
    Api.Res r = api.postJson("/projects/v1", api.wallet(w, "/projects/v1"), "{\"name\":\"" + name + "\"}");
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return new FunctionProject(api, r.json().get("project_id").asText(), r.json().get("service_key").asText(),
        r.json().get("anon_key").asText(), w);
  }

  /** The legacy deploy; {@code extra} is more JSON members ({@code "config":{...}}) or null. */
  Api.Res deploy(String name, String code, String extra) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", name);
    body.put("code", code);
    try {
      String json = JSON.writeValueAsString(body);
      if (extra != null) {
        json = json.substring(0, json.length() - 1) + "," + extra + "}";
      }
      return api.postJson("/projects/v1/admin/" + id + "/functions", Api.bearer(service), json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Invokes with the anon key; a body is sent as JSON. */
  Api.Res call(String method, String path, String body, Map<String, String> extra) {
    return callWith(anon, method, path, body, extra);
  }

  Api.Res callWith(String key, String method, String path, String body, Map<String, String> extra) {
    Map<String, String> h = new HashMap<>(extra);
    h.put("apikey", key);
    if (body != null) {
      h.put("content-type", "application/json");
    }
    return api.send(method, path, h, body);
  }

  /** GET /functions/v1 as the project's wallet (SIWX). */
  Api.Res walletList() {
    return api.get("/functions/v1", api.wallet(wallet, "/functions/v1"));
  }

  Api.Res admin(String method, String subPath, String body) {
    return api.send(method, "/projects/v1/admin/" + id + subPath, Api.bearer(service), body);
  }
}

package com.run402.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.run402.local.Run402Local;
import com.run402.local.junit5.Run402Test;
import com.run402.local.testsupport.Api;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ANY /functions/v1/:name} is served ahead of Javalin ({@link FunctionInvokeHandler}): the rules it shares
 * with every other API route still hold there (CORS headers, the error envelope, trailing and doubled slashes,
 * decoded names, preflight, sites first).
 */
@Run402Test(payments = "free")
class FunctionInvokeRouteIT {
  private static Run402Local local;
  private static Api api;
  private static FunctionProject fp;

  @BeforeAll
  static void deploy(Run402Local l) {
    local = l;
    api = new Api(l.baseUri());
    fp = FunctionProject.provision(api, "route");
    Api.Res d = fp.deploy("cors", """
        export default async (req) => new Response("path=" + new URL(req.url).pathname, { headers: {
          "content-type": "text/plain", "access-control-allow-origin": "https://app.example", "x-fn": "1" } });
        """, null);
    assertThat(d.status()).as(d.text()).isEqualTo(201);
    Api.Res w = fp.deploy("web", """
        import { inspect } from "node:util";
        export default async (req) => {
          const out = { isRequest: req instanceof Request, tag: Object.prototype.toString.call(req), method: req.method,
            q: new URL(req.url).searchParams.get("q"), header: req.headers.get("x-test"),
            signal: req.signal instanceof AbortSignal, inspected: inspect(req).includes("POST") };
          const clone = req.clone();
          const copy = new Request(req); // undici reads the request's own internals here, as fetch(req) does
          out.copied = await copy.json();
          out.copiedHeader = copy.headers.get("x-test");
          out.body = await clone.json();
          out.used = req.bodyUsed;
          const kind = new URL(req.url).searchParams.get("answer");
          if (kind === "bytes") return new Response(new TextEncoder().encode(JSON.stringify(out)));
          if (kind === "blob") return new Response(new Blob([JSON.stringify(out)]), { status: 202 });
          return Response.json(out);
        };
        """, null);
    assertThat(w.status()).as(w.text()).isEqualTo(201);
  }

  @Test
  void the_function_gets_a_real_web_request_and_any_kind_of_response_body_comes_back_whole() {
    for (String kind : new String[] {"json", "bytes", "blob"}) {
      Api.Res r = fp.call("POST", "/functions/v1/web?q=1&answer=" + kind, "{\"a\":[1,2]}", Map.of("x-test", "yes"));
      assertThat(r.status()).as(kind + ": " + r.text()).isEqualTo(kind.equals("blob") ? 202 : 200);
      assertThat(r.text()).as(kind).isEqualTo("{\"isRequest\":true,\"tag\":\"[object Request]\","
          + "\"method\":\"POST\",\"q\":\"1\",\"header\":\"yes\",\"signal\":true,\"inspected\":true,"
          + "\"copied\":{\"a\":[1,2]},\"copiedHeader\":\"yes\",\"body\":{\"a\":[1,2]},\"used\":true}");
      assertThat(r.raw().headers().firstValue("content-length")).contains(Integer.toString(r.text().length()));
    }
  }

  @Test
  void slashes_and_encoded_names_reach_the_function_as_on_javalins_routes() {
    for (String path : new String[] {"/functions/v1/cors", "/functions/v1/cors/", "//functions/v1//cors",
        "/functions/v1/cor%73", "/functions/v1/cors/a/b/"}) {
      Api.Res r = fp.call("GET", path, null, Map.of());
      assertThat(r.status()).as(path + " -> " + r.text()).isEqualTo(200);
      assertThat(r.text()).as(path).startsWith("path=");
    }
    assertThat(fp.call("GET", "/functions/v1/cors/a/b/", null, Map.of()).text()).isEqualTo("path=/functions/v1/cors/a/b/");
  }

  @Test
  void the_functions_own_cors_answer_replaces_the_default_and_the_rest_are_kept() {
    Api.Res r = fp.call("GET", "/functions/v1/cors", null, Map.of("Origin", "https://app.example"));
    assertThat(r.raw().headers().allValues("access-control-allow-origin")).containsExactly("https://app.example");
    assertThat(r.raw().headers().firstValue("access-control-expose-headers").orElse(""))
        .contains("X-Run402-Request-Id");
    assertThat(r.raw().headers().firstValue("x-fn")).contains("1");
    assertThat(r.raw().headers().firstValue("content-length")).contains(Integer.toString(r.text().length()));
  }

  @Test
  void refusals_carry_the_error_envelope_and_cors_headers() {
    Api.Res none = fp.callWith("", "GET", "/functions/v1/cors", null, Map.of());
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.json().get("error").asText()).isEqualTo("unauthorized");
    assertThat(none.json().get("code").asText()).isEqualTo("UNAUTHORIZED");
    assertThat(none.json().has("retryable")).isTrue();
    assertThat(none.raw().headers().firstValue("content-type").orElse("")).startsWith("application/json");
    assertThat(none.raw().headers().firstValue("access-control-allow-origin")).contains("*");

    Api.Res bad = fp.callWith("not.a.jwt", "POST", "/functions/v1/cors", "{}", Map.of());
    assertThat(bad.status()).isEqualTo(401);
    assertThat(fp.call("GET", "/functions/v1/missing", null, Map.of()).json().get("error").asText())
        .isNotBlank();
    Api.Res runs = fp.call("GET", "/functions/v1/cors/runs", null, Map.of());
    assertThat(runs.status()).as("function runs go to their own routes, which want the service key").isEqualTo(403);
    Api.Res logs = fp.call("GET", "/functions/v1/cors/logs", null, Map.of());
    assertThat(logs.status()).isEqualTo(501);
    assertThat(logs.json().get("error").asText()).isEqualTo("not_emulated");
  }

  @Test
  void preflight_is_answered_by_the_gateway_and_a_site_host_never_reaches_a_function() throws Exception {
    Api.Res pre = api.send("OPTIONS", "/functions/v1/cors", Map.of("Origin", "https://app.example"), null);
    assertThat(pre.status()).isEqualTo(204);
    assertThat(pre.raw().headers().firstValue("access-control-allow-methods").orElse("")).contains("POST");

    // java.net.http will not send another Host header; a raw request does.
    String head = rawGet("/functions/v1/cors", "nosuchsite.localhost");
    assertThat(head).startsWith("HTTP/1.1 404").doesNotContain("path=");
  }

  private static String rawGet(String path, String host) throws Exception {
    try (Socket s = new Socket(local.baseUri().getHost(), local.baseUri().getPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\napikey: " + fp.anon()
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      in.transferTo(got);
      return got.toString(StandardCharsets.UTF_8);
    }
  }
}

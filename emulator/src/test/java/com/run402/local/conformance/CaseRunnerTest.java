package com.run402.local.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The request a case describes reaches the server as described (an echo server, not an engine). */
class CaseRunnerTest {
  private final ObjectMapper json = new ObjectMapper();
  private HttpServer server;
  private URI base;

  @BeforeEach
  void echo() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      ObjectNode o = json.createObjectNode();
      o.put("method", ex.getRequestMethod());
      o.put("uri", ex.getRequestURI().getRawPath() + "?" + ex.getRequestURI().getRawQuery());
      o.put("prefer", ex.getRequestHeaders().getFirst("Prefer"));
      o.put("auth", ex.getRequestHeaders().getFirst("Authorization") != null);
      o.put("body", new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      byte[] out = o.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
      ex.sendResponseHeaders(200, out.length);
      ex.getResponseBody().write(out);
      ex.close();
    });
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private CaseFile.Case aCase(CaseFile.Request req, String expectedBody) throws Exception {
    CaseFile.Expected e = new CaseFile.Expected(200, json.readTree(expectedBody), "json",
        Map.of("Content-Type", "application/json; charset=utf-8"), null, null, null);
    return new CaseFile.Case("T:1", null, 1, "select", "d", null, req, e, "exact", List.of(), false, null, null);
  }

  @Test
  void sends_method_path_query_headers_body_and_a_minted_token() throws Exception {
    CaseFile.Jwt jwt = new CaseFile.Jwt("HS256", SpecJwt.SECRET, Map.of("role", json.readTree("\"a\"")));
    CaseFile.Request req = new CaseFile.Request("PATCH", "/items", "id=eq.1 2", Map.of("Prefer", "tx=commit"),
        json.readTree("{\"a\":[1]}"), "json", jwt);
    String want = "{\"method\":\"PATCH\",\"uri\":\"/items?id=eq.1%202\",\"prefer\":\"tx=commit\",\"auth\":true,"
        + "\"body\":\"{\\\"a\\\":[1]}\"}";
    CaseRunner runner = new CaseRunner(json, Clock.systemUTC(), Duration.ofSeconds(5));
    assertThat(runner.run(aCase(req, want), base)).isEmpty();

    CaseFile.Request text = new CaseFile.Request("POST", "/rpc/f", "", Map.of(), json.readTree("\"a,b\\n1,2\""),
        "text", null);
    JsonNode got = json.readTree("{\"method\":\"POST\",\"uri\":\"/rpc/f?null\",\"prefer\":null,\"auth\":false,"
        + "\"body\":\"a,b\\n1,2\"}");
    assertThat(runner.run(aCase(text, got.toString()), base)).isEmpty();
    assertThat(runner.run(aCase(text, "{}"), base)).hasValueSatisfying(d -> assertThat(d).contains("unexpected key"));
  }
}

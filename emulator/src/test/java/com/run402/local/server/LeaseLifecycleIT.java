package com.run402.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.Run402Local;
import com.run402.local.junit5.Run402Test;
import com.run402.local.testsupport.Api;
import com.run402.local.testsupport.TestWallet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Lease expiry on the emulator clock: active, expired (read-only 7 days), archived, deleted at 37 days. */
@Run402Test(payments = "free")
class LeaseLifecycleIT {
  Api api;
  Run402Local local;
  TestWallet wallet = TestWallet.random();
  String id;
  String anon;
  String service;

  @BeforeEach
  void setUp(Run402Local local) {
    this.local = local;
    api = new Api(local.baseUri());
    Api.Res r = api.postJson("/projects/v1", api.wallet(wallet, "/projects/v1"), "{\"name\":\"lease\"}");
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    id = r.json().get("project_id").asText();
    anon = r.json().get("anon_key").asText();
    service = r.json().get("service_key").asText();
    assertThat(sql("CREATE TABLE items (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text)").status())
        .isEqualTo(200);
    Api.Res ex = api.postJson("/projects/v1/admin/" + id + "/expose", Api.bearer(service), "{\"version\":\"1\","
        + "\"tables\":[{\"name\":\"items\",\"expose\":true,\"policy\":\"public_read_write_UNRESTRICTED\","
        + "\"i_understand_this_is_unrestricted\":true}]}");
    assertThat(ex.status()).as(ex.text()).isEqualTo(200);
    assertThat(insertPublic("first").status()).isEqualTo(201);
  }

  @AfterEach
  void resetClock() {
    local.resetClock();
  }

  @Test
  void an_expired_lease_is_read_only_then_archived_then_deleted() {
    Instant expiry = leaseExpiry();
    assertThat(api.get("/projects/v1/admin/" + id + "/usage", Api.bearer(service)).json().get("effective_status")
        .asText()).isEqualTo("active");
    advance("8d"); // the prototype lease is 7 days: expired one day ago

    assertThat(readPublic().status()).isEqualTo(200);
    assertThat(readPublic().json()).hasSize(1);
    assertThat(api.get("/admin/v1/rest/items", Api.bearer(service)).status()).isEqualTo(200);
    assertThat(sql("SELECT count(*) AS n FROM items").json().get("rows").get(0).get("n").asText()).isEqualTo("1");
    Api.Res usage = api.get("/projects/v1/admin/" + id + "/usage", Api.bearer(service));
    assertThat(usage.status()).isEqualTo(200);
    assertThat(usage.json().get("effective_status").asText()).as("the lease's state, not the stored one")
        .isEqualTo("expired");
    Api.Res detail = api.get("/projects/v1/" + id, api.wallet(wallet, "/projects/v1/" + id));
    assertThat(detail.status()).as(detail.text()).isEqualTo(200);
    assertThat(detail.json().get("organization_lifecycle_state").asText()).isEqualTo("expired");
    Api.Res list = api.get("/projects/v1", api.wallet(wallet, "/projects/v1"));
    assertThat(list.json().get("projects").get(0).get("effective_status").asText()).isEqualTo("expired");

    Api.Res write = insertPublic("second");
    assertThat(write.status()).as(write.text()).isEqualTo(402);
    assertThat(write.json().get("error").asText()).isEqualTo("payment_required");
    assertThat(write.json().get("message").asText())
        .isEqualTo("Project is expired. Renew the wallet's tier to restore control-plane access.");
    assertThat(write.json().get("lifecycle_state").asText()).isEqualTo("expired");
    assertThat(Instant.parse(write.json().get("entered_state_at").asText())).isEqualTo(expiry);
    assertThat(Instant.parse(write.json().get("next_transition_at").asText()))
        .isEqualTo(expiry.plus(Duration.ofDays(7)));
    assertThat(api.postJson("/admin/v1/rest/items", Api.bearer(service), "{\"name\":\"x\"}").status()).isEqualTo(402);
    assertThat(api.send("DELETE", "/admin/v1/rest/items?id=eq.1", Api.bearer(service), null).status()).isEqualTo(402);
    Api.Res sqlWrite = sql("INSERT INTO items (name) VALUES ('x')");
    assertThat(sqlWrite.status()).as(sqlWrite.text()).isEqualTo(402);
    assertThat(sqlWrite.json().get("lifecycle_state").asText()).isEqualTo("expired");
    assertThat(sql("CREATE TABLE more (id int)").status()).isEqualTo(402);
    for (String escape : new String[] {"COMMIT; INSERT INTO items (name) VALUES ('c')",
        "SELECT 1; end; INSERT INTO items (name) VALUES ('e')", "ROLLBACK; INSERT INTO items (name) VALUES ('r')",
        "/* x */ abort; INSERT INTO items (name) VALUES ('a')",
        "RESET transaction_read_only; INSERT INTO items (name) VALUES ('reset')",
        "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE; INSERT INTO items (name) VALUES ('s')"}) {
      Api.Res r = sql(escape);
      assertThat(r.status()).as(escape + " -> " + r.text()).isIn(400, 402);
    }
    assertThat(api.postJson("/projects/v1/admin/" + id + "/expose", Api.bearer(service),
        "{\"version\":\"1\",\"tables\":[]}").status()).isEqualTo(402);
    assertThat(readPublic().json()).as("nothing was written").hasSize(1);

    advance("7d"); // 8 days after expiry: archived
    Api.Res archived = readPublic();
    assertThat(archived.status()).as(archived.text()).isEqualTo(404);
    assertThat(archived.json().get("message").asText()).isEqualTo("Project not found or inactive");
    assertThat(api.get("/admin/v1/rest/items", Api.bearer(service)).status()).isEqualTo(404);
    assertThat(sql("SELECT 1").status()).isEqualTo(404);
    assertThat(local.engine().projects().find(id)).isPresent();

    advance("28d"); // 36 days after expiry: still archived
    assertThat(local.engine().projects().find(id)).isPresent();
    advance("1d"); // 37 days: deleted by the sweep the clock move runs
    assertThat(local.engine().projects().find(id)).isEmpty();
    assertThat(readPublic().status()).isEqualTo(404);
    assertThat(sql("SELECT 1").status()).isEqualTo(404);
  }

  @Test
  void a_function_that_cannot_write_is_still_callable_by_post_while_expired() throws Exception {
    assertThat(sql("CREATE FUNCTION count_items() RETURNS bigint LANGUAGE sql STABLE AS 'SELECT count(*) FROM items';"
        + " CREATE FUNCTION add_item(n text) RETURNS bigint LANGUAGE sql"
        + " AS 'INSERT INTO items (name) VALUES (n) RETURNING id'").status()).isEqualTo(200);
    advance("8d");
    Api.Res read = api.postJson("/admin/v1/rest/rpc/count_items", Api.bearer(service), "{}");
    assertThat(read.status()).as(read.text()).isEqualTo(200);
    assertThat(read.text()).isEqualTo("1");
    Api.Res write = api.postJson("/admin/v1/rest/rpc/add_item", Api.bearer(service), "{\"n\":\"x\"}");
    assertThat(write.status()).as(write.text()).isEqualTo(402);
    assertThat(api.postJson("/admin/v1/rest/rpc/no_such_fn", Api.bearer(service), "{}").status()).isEqualTo(402);
    assertThat(rawPost("/admin/v1/rest/rpc/bad%zz")).as("a malformed escape: refused (by Jetty, 400), never a 500")
        .startsWith("HTTP/1.1 400");
    assertThat(readPublic().json()).as("nothing was written").hasSize(1);
  }

  @Test
  void a_later_lease_expiry_restores_writes_at_once() {
    advance("8d");
    assertThat(insertPublic("late").status()).isEqualTo(402);

    local.engine().leases().renewedUntil(wallet.address(), local.now().plus(Duration.ofDays(7)));
    assertThat(insertPublic("renewed").status()).isEqualTo(201);
    assertThat(sql("INSERT INTO items (name) VALUES ('sql')").status()).isEqualTo(200);
    assertThat(readPublic().json()).hasSize(3);
  }

  @Test
  void an_archived_project_comes_back_when_renewed_before_deletion() {
    advance("20d");
    assertThat(readPublic().status()).isEqualTo(404);
    local.engine().leases().renewedUntil(wallet.address(), local.now().plus(Duration.ofDays(30)));
    assertThat(readPublic().status()).isEqualTo(200);
    assertThat(insertPublic("back").status()).isEqualTo(201);
    advance("40d"); // 10 days past the renewed expiry: archived again, not deleted
    assertThat(local.engine().projects().find(id)).isPresent();
  }

  @Test
  void clock_route_shows_and_moves_the_clock() {
    Api.Res before = api.get("/__local/clock", Map.of());
    assertThat(before.status()).isEqualTo(200);
    assertThat(before.json().get("offset_seconds").asLong()).isZero();
    Api.Res moved = api.postJson("/__local/clock", Map.of(), "{\"advance\":\"90m\"}");
    assertThat(moved.status()).isEqualTo(200);
    assertThat(moved.json().get("offset").asText()).isEqualTo("PT1H30M");
    assertThat(Instant.parse(moved.json().get("now").asText())).isAfter(Instant.now().plus(Duration.ofMinutes(89)));
    assertThat(api.postJson("/__local/clock", Map.of(), "{\"advance\":\"30s\"}").json().get("offset_seconds")
        .asLong()).isEqualTo(5430);
    Api.Res reset = api.postJson("/__local/clock", Map.of(), "{\"reset\":true}");
    assertThat(reset.json().get("offset_seconds").asLong()).isZero();
  }

  @Test
  void clock_route_refuses_bad_input_with_400() {
    for (String body : new String[] {"{}", "{\"advance\":\"-1d\"}", "{\"advance\":\"soon\"}", "{\"advance\":5}",
        "{\"advance\":\"\"}", "{\"advance\":\"8x\"}", "{\"reset\":\"yes\"}", "{\"advance\":\"1d\",\"reset\":true}",
        "not json", "[]", "{\"advance\":\"P-1D\"}"}) {
      Api.Res r = api.postJson("/__local/clock", Map.of(), body);
      assertThat(r.status()).as(body + " -> " + r.text()).isEqualTo(400);
      assertThat(r.json().get("error").asText()).as(body).isIn("invalid_request", "invalid_json");
      assertThat(r.json().get("message").asText()).as(body).isNotBlank();
    }
    assertThat(api.send("POST", "/__local/clock", Map.of(), null).status()).isEqualTo(400);
    assertThat(local.now()).isBefore(Instant.now().plusSeconds(60));
  }

  private Instant leaseExpiry() {
    JsonNode usage = api.get("/projects/v1/admin/" + id + "/usage", Api.bearer(service)).json();
    return Instant.parse(usage.get("lease_expires_at").asText());
  }

  private void advance(String d) {
    Api.Res r = api.postJson("/__local/clock", Map.of(), "{\"advance\":\"" + d + "\"}");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
  }

  private Api.Res readPublic() {
    return api.get("/rest/v1/items?order=id", Map.of("apikey", anon));
  }

  private Api.Res insertPublic(String name) {
    return api.postJson("/rest/v1/items", Map.of("apikey", anon), "{\"name\":\"" + name + "\"}");
  }

  private Api.Res sql(String text) {
    Map<String, String> h = new HashMap<>(Api.bearer(service));
    h.put("Content-Type", "text/plain");
    return api.send("POST", "/projects/v1/admin/" + id + "/sql", h, text);
  }

  /** java.net.http will not send a malformed escape; a raw request does. The status line of the answer. */
  private String rawPost(String path) throws Exception {
    try (java.net.Socket sock = new java.net.Socket(local.baseUri().getHost(), local.baseUri().getPort())) {
      sock.setSoTimeout(10_000);
      sock.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + service
          + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return new String(sock.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}

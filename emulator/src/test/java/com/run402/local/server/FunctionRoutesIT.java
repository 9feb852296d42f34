package com.run402.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.Run402Local;
import com.run402.local.junit5.Run402Test;
import com.run402.local.testsupport.Api;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Functions over raw HTTP: legacy deploy, invoke on warm workers, env, logs, limits, schedules, bad input. */
@Run402Test(payments = "free")
class FunctionRoutesIT {
  private Run402Local local;
  private Api api;
  private FunctionProject fp;
  private String id;
  private String service;
  private String anon;

  @BeforeEach
  void project(Run402Local local) {
    this.local = local;
    api = new Api(local.baseUri());
    fp = FunctionProject.provision(api, "functions");
    id = fp.id();
    service = fp.service();
    anon = fp.anon();
  }

  @Test
  void typescript_function_sees_the_request_its_env_and_nothing_of_the_emulator() throws InterruptedException {
    String code = """
        type Echo = { method: string; url: string; headers: Record<string, string>; body: string; env: Record<string, string | undefined> };
        export default async (req: Request): Promise<Response> => {
          console.log("hello from", req.method, new URL(req.url).pathname);
          const e: Echo = { method: req.method, url: req.url, headers: Object.fromEntries(req.headers), body: await req.text(),
            env: { id: process.env.RUN402_PROJECT_ID, base: process.env.RUN402_API_BASE, svc: process.env.RUN402_SERVICE_KEY,
                   anon: process.env.RUN402_ANON_KEY, path: process.env.PATH, home: process.env.HOME, keys: Object.keys(process.env).join(",") } };
          return new Response(JSON.stringify(e), { status: 201, headers: { "content-type": "application/json", "x-fn": "yes" } });
        };
        """;
    Api.Res d = fp.deploy("echo", code, "\"config\":{\"timeout\":999}");
    assertThat(d.status()).as(d.text()).isEqualTo(201);
    assertThat(d.json().get("status").asText()).isEqualTo("deployed");
    assertThat(d.json().get("runtime").asText()).isEqualTo("node22");
    assertThat(d.json().get("timeout").asInt()).isEqualTo(10); // clamped to the prototype tier
    assertThat(d.json().get("url").asText()).endsWith("/functions/v1/echo");

    Api.Res r = fp.call("POST", "/functions/v1/echo/sub/path?x=1&y=two", "{\"a\":1}",
        Map.of("x-run402-user-id", "forged", "x-custom", "c"));
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    assertThat(r.raw().headers().firstValue("x-fn")).contains("yes");
    assertThat(r.raw().headers().firstValue("x-run402-request-id")).hasValueSatisfying(v -> assertThat(v).startsWith("req_"));
    JsonNode e = r.json();
    assertThat(e.get("method").asText()).isEqualTo("POST");
    assertThat(e.get("url").asText()).endsWith("/functions/v1/echo/sub/path?x=1&y=two");
    assertThat(e.get("body").asText()).isEqualTo("{\"a\":1}");
    assertThat(e.get("headers").get("x-custom").asText()).isEqualTo("c");
    assertThat(e.get("headers").has("x-run402-user-id")).isFalse();
    assertThat(e.get("headers").get("apikey").asText()).isEqualTo(anon);
    assertThat(e.get("env").get("id").asText()).isEqualTo(id);
    assertThat(e.get("env").get("svc").asText()).isEqualTo(service);
    assertThat(e.get("env").get("anon").asText()).isEqualTo(anon);
    assertThat(e.get("env").get("base").asText()).isEqualTo(local.baseUri().toString());
    assertThat(e.get("env").has("path")).as("no PATH leaks in").isFalse();
    assertThat(e.get("env").has("home")).isFalse();
    assertThat(e.get("env").get("keys").asText()).doesNotContain("JAVA").doesNotContain("MAVEN");

    assertThat(fp.callWith("", "GET", "/functions/v1/echo", null, Map.of()).status()).isEqualTo(401);
    assertThat(fp.call("GET", "/functions/v1/nope", null, Map.of()).status()).isEqualTo(404);

    Api.Res list = api.get("/projects/v1/admin/" + id + "/functions", Api.bearer(service));
    assertThat(list.json().get("functions").get(0).get("name").asText()).isEqualTo("echo");
    Api.Res logs = api.get("/projects/v1/admin/" + id + "/functions/echo/logs?tail=10", Api.bearer(service));
    assertThat(logs.text()).contains("hello from POST /functions/v1/echo/sub/path")
        .contains(r.raw().headers().firstValue("x-run402-request-id").get());
    Api.Res del = api.send("DELETE", "/projects/v1/admin/" + id + "/functions/echo", Api.bearer(service), null);
    assertThat(del.json().get("status").asText()).isEqualTo("deleted");
    assertThat(fp.call("GET", "/functions/v1/echo", null, Map.of()).status()).isEqualTo(404);
    Thread.sleep(500); // past the log writer's batching: a line queued before the delete would be stored by now
    assertThat(fp.deploy("echo", "export default () => new Response('again');", null).status()).isEqualTo(201);
    assertThat(api.get("/projects/v1/admin/" + id + "/functions/echo/logs?tail=10", Api.bearer(service)).text())
        .as("a function deployed again under the name starts with no logs").doesNotContain("hello from");
  }

  @Test
  void a_wallet_lists_the_functions_of_its_own_projects_only_newest_first() {
    FunctionProject other = FunctionProject.provision(api, "functions-other");
    String code = "export default async () => new Response('x');";
    assertThat(fp.deploy("first", code, null).status()).isEqualTo(201);
    assertThat(fp.deploy("second", code, null).status()).isEqualTo(201);
    assertThat(other.deploy("theirs", code, null).status()).isEqualTo(201);
    Api.Res mine = fp.walletList();
    assertThat(mine.status()).as(mine.text()).isEqualTo(200);
    JsonNode list = mine.json().get("functions");
    assertThat(list).hasSize(2);
    assertThat(list.get(0).get("name").asText()).isEqualTo("second");
    assertThat(list.get(1).get("name").asText()).isEqualTo("first");
    assertThat(list.get(0).get("project_id").asText()).isEqualTo(id);
    assertThat(list.get(0).get("url").asText()).isEqualTo(local.baseUri() + "/functions/v1/second");
    assertThat(list.get(0).has("created_at")).isTrue();
    assertThat(list.get(0).has("updated_at")).isTrue();
    assertThat(other.walletList().json().get("functions")).hasSize(1);

    Api.Res anonymous = api.get("/functions/v1", Map.of());
    assertThat(anonymous.status()).as(anonymous.text()).isEqualTo(401);
    Api.Res forged = api.get("/functions/v1", Map.of("SIGN-IN-WITH-X", "not-a-siwx-header"));
    assertThat(forged.status() / 100).as(forged.text()).isEqualTo(4);
    assertThat(forged.json().has("error")).isTrue();
  }

  @Test
  void a_rebuild_brings_a_function_built_by_another_version_onto_this_one_and_keeps_its_code() throws Exception {
    assertThat(fp.deploy("old", "export default async () => new Response('still here');", null).status()).isEqualTo(201);
    JsonNode fresh = fp.admin("GET", "/functions", null).json().get("functions").get(0);
    assertThat(fresh.get("runtime_stale").asBoolean()).isFalse();
    assertThat(fresh.get("deps_resolved").isObject() && fresh.get("deps_resolved").isEmpty()).as(fresh.toString())
        .isTrue(); // {} without deps: recorded, so the function can be rebuilt
    assertThat(fresh.get("runtime_version").asText()).isEqualTo(fresh.get("runtime_current_version").asText());
    try (java.sql.Connection c = local.engine().db().adminConnection();
        java.sql.PreparedStatement ps = c.prepareStatement("UPDATE internal.functions SET build_fingerprint = "
            + "'built-elsewhere', runtime_version = '3.9.0' WHERE project_id = ? AND name = 'old'")) {
      ps.setString(1, id); // as a module built by an older run402-local would be recorded
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    JsonNode stale = fp.admin("GET", "/functions", null).json().get("functions").get(0);
    assertThat(stale.get("runtime_stale").asBoolean()).isTrue();

    String path = "/projects/v1/" + id + "/functions/old/rebuild";
    Api.Res r = api.send("POST", path, api.wallet(fp.wallet(), path), null);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.json().get("rebuilt").asBoolean()).isTrue();
    assertThat(r.json().get("old_fingerprint").asText()).isEqualTo("built-elsewhere");
    assertThat(r.json().get("new_fingerprint").asText()).isNotEqualTo("built-elsewhere").isNotEmpty();
    assertThat(r.json().get("runtime_version_before").asText()).isEqualTo("3.9.0");
    assertThat(r.json().get("runtime_version_after").asText()).isEqualTo(fresh.get("runtime_current_version").asText());
    assertThat(fp.admin("GET", "/functions", null).json().get("functions").get(0).get("runtime_stale").asBoolean())
        .isFalse();
    assertThat(fp.call("GET", "/functions/v1/old", null, Map.of()).text()).isEqualTo("still here");

    String all = "/projects/v1/" + id + "/functions/rebuild";
    Api.Res batch = api.send("POST", all, api.wallet(fp.wallet(), all), null);
    assertThat(batch.status()).as(batch.text()).isEqualTo(200);
    assertThat(batch.json().get("total").asInt()).isEqualTo(1);
    assertThat(batch.json().get("rebuilt_count").asInt()).isEqualTo(1);

    try (java.sql.Connection c = local.engine().db().adminConnection();
        java.sql.PreparedStatement ps = c.prepareStatement("UPDATE internal.functions SET deps_resolved = NULL "
            + "WHERE project_id = ? AND name = 'old'")) {
      ps.setString(1, id); // as a function deployed before dependency versions were recorded
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    Api.Res unlocked = api.send("POST", path, api.wallet(fp.wallet(), path), null);
    assertThat(unlocked.status()).as(unlocked.text()).isEqualTo(409);
    assertThat(unlocked.json().get("error").asText()).isEqualTo("CANNOT_REBUILD_UNLOCKED_DEPS");
    JsonNode none = api.send("POST", all, api.wallet(fp.wallet(), all), null).json();
    assertThat(none.get("rebuilt_count").asInt()).isZero();
    assertThat(none.get("results").get(0).get("rebuilt").asBoolean()).isFalse();
    assertThat(none.get("results").get(0).get("code").asText()).isEqualTo("CANNOT_REBUILD_UNLOCKED_DEPS");

    FunctionProject other = FunctionProject.provision(api, "not-yours");
    Api.Res foreign = api.send("POST", path, api.wallet(other.wallet(), path), null);
    assertThat(foreign.status()).as(foreign.text()).isEqualTo(403);
    String missing = "/projects/v1/" + id + "/functions/nope/rebuild";
    assertThat(api.send("POST", missing, api.wallet(fp.wallet(), missing), null).status()).isEqualTo(404);
    assertThat(api.send("POST", path, Map.of(), null).status()).isEqualTo(401);
  }

  @Test
  void a_thrown_error_is_a_500_with_the_stack_logged_at_the_users_line() {
    String code = "interface X { a: number }\nconst x: X = { a: 1 };\n"
        + "export default async (req: Request) => {\n  throw new Error(\"boom \" + x.a);\n};\n";
    assertThat(fp.deploy("thrower", code, null).status()).isEqualTo(201);
    Api.Res r = fp.call("GET", "/functions/v1/thrower", null, Map.of());
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.text()).contains("boom 1");
    Api.Res logs = api.get("/projects/v1/admin/" + id + "/functions/thrower/logs", Api.bearer(service));
    assertThat(logs.text()).contains("Error: boom 1").contains("thrower.ts:4");
    String rid = r.raw().headers().firstValue("x-run402-request-id").orElseThrow();
    Api.Res mine = api.get("/projects/v1/admin/" + id + "/functions/thrower/logs?request_id=" + rid,
        Api.bearer(service)); // the error is logged after the function's promise settled: still in the call's context
    assertThat(mine.text()).contains("Error: boom 1");
  }

  @Test
  void a_stuck_function_times_out_with_504_and_the_next_call_works() {
    String code = "export default async (req) => { if (new URL(req.url).searchParams.get('loop')) { while (true) {} }"
        + " return new Response('fine'); };";
    assertThat(fp.deploy("looper", code, null).status()).isEqualTo(201);
    Api.Res p = api.send("PATCH", "/projects/v1/admin/" + id + "/functions/looper", Api.bearer(service),
        "{\"config\":{\"timeout\":1}}");
    assertThat(p.status()).as(p.text()).isEqualTo(200);
    assertThat(p.json().get("timeout").asInt()).isEqualTo(1);
    long t0 = System.nanoTime();
    Api.Res r = fp.call("GET", "/functions/v1/looper?loop=1", null, Map.of());
    assertThat(r.status()).as(r.text()).isEqualTo(504);
    assertThat(r.json().get("error").asText()).isEqualTo("function_timeout");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
    Api.Res ok = fp.call("GET", "/functions/v1/looper", null, Map.of());
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.text()).isEqualTo("fine");
  }

  @Test
  void out_of_memory_is_a_502_and_the_next_call_works_and_other_projects_never_notice() {
    String code = "export default async (req) => { if (new URL(req.url).searchParams.get('eat')) { const a = [];"
        + " while (true) { a.push(new Array(1e6).fill(Math.random())); } } return new Response('alive'); };";
    assertThat(fp.deploy("hog", code, "\"config\":{\"memory\":128}").status()).isEqualTo(201);
    FunctionProject other = FunctionProject.provision(api, "bystander");
    assertThat(other.deploy("calm", "export default async () => new Response('calm')", null).status())
        .isEqualTo(201);
    assertThat(other.call("GET", "/functions/v1/calm", null, Map.of()).text()).isEqualTo("calm");
    Api.Res r = fp.call("GET", "/functions/v1/hog?eat=1", null, Map.of());
    assertThat(r.status()).as(r.text()).isEqualTo(502);
    assertThat(r.json().get("message").asText()).containsIgnoringCase("heap");
    assertThat(fp.call("GET", "/functions/v1/hog", null, Map.of()).text()).isEqualTo("alive");
    assertThat(other.call("GET", "/functions/v1/calm", null, Map.of()).text()).isEqualTo("calm");
  }

  @Test
  void secrets_show_up_on_the_next_call_and_only_in_their_project() {
    String code = "export default async () => new Response(String(process.env.GREETING))";
    assertThat(fp.deploy("greet", code, null).status()).isEqualTo(201);
    assertThat(fp.call("GET", "/functions/v1/greet", null, Map.of()).text()).isEqualTo("undefined");
    assertThat(fp.deploy("own", "process.env.MINE = 'set at load';\n"
        + "export default async () => new Response(process.env.MINE + '/' + process.env.GREETING)", null).status())
        .isEqualTo(201);
    assertThat(fp.call("GET", "/functions/v1/own", null, Map.of()).text()).isEqualTo("set at load/undefined");
    Api.Res s = api.postJson("/projects/v1/admin/" + id + "/secrets", Api.bearer(service),
        "{\"key\":\"GREETING\",\"value\":\"hi there\"}");
    assertThat(s.status()).as(s.text()).isEqualTo(200);
    assertThat(fp.call("GET", "/functions/v1/greet", null, Map.of()).text()).isEqualTo("hi there");
    assertThat(fp.call("GET", "/functions/v1/own", null, Map.of()).text())
        .as("what a function set itself outlives a change of the environment").isEqualTo("set at load/hi there");
    assertThat(api.get("/projects/v1/admin/" + id + "/secrets", Api.bearer(service)).text()).doesNotContain("hi there");
    Api.Res trig = api.postJson("/projects/v1/admin/" + id + "/functions/greet/trigger", Api.bearer(service), "{}");
    assertThat(trig.status()).as(trig.text()).isEqualTo(200);
    assertThat(trig.json().get("status").asInt()).isEqualTo(200);
    assertThat(trig.json().get("body").asText()).isEqualTo("hi there");
    assertThat(api.postJson("/projects/v1/admin/" + id + "/functions/nope/trigger", Api.bearer(service), "{}").status())
        .isEqualTo(404);
    assertThat(fp.call("GET", "/functions/v1/runs/fnrun_1", null, Map.of()).status())
        .as("a run id is not a function name; runs want the service key").isEqualTo(403);
    assertThat(fp.callWith(service, "GET", "/functions/v1/runs/fnrun_1", null, Map.of()).status()).isEqualTo(404);
    FunctionProject other = FunctionProject.provision(api, "other");
    assertThat(other.deploy("greet", code, null).status()).isEqualTo(201);
    assertThat(other.call("GET", "/functions/v1/greet", null, Map.of()).text()).isEqualTo("undefined");
  }

  @Test
  void a_schedule_fires_when_the_clock_moves_past_its_tick() throws Exception {
    String code = "export default async (req) => { const b = await req.json(); console.log('cron says', b.trigger,"
        + " req.headers.get('x-run402-trigger')); return new Response('ok'); }";
    Api.Res tooOften = fp.deploy("tick", code, "\"schedule\":\"* * * * *\"");
    assertThat(tooOften.status()).as(tooOften.text()).isEqualTo(403);
    assertThat(fp.deploy("tick", code, "\"schedule\":\"not cron\"").status()).isEqualTo(400);
    Api.Res d = fp.deploy("tick", code, "\"schedule\":\"*/15 * * * *\"");
    assertThat(d.status()).as(d.text()).isEqualTo(201);
    try {
      local.engine().advanceClock(Duration.ofMinutes(16));
      String text = "";
      for (int i = 0; i < 100 && !text.contains("cron says cron cron"); i++) {
        Thread.sleep(100);
        text = api.get("/projects/v1/admin/" + id + "/functions/tick/logs", Api.bearer(service)).text();
      }
      assertThat(text).contains("Scheduled run (cron)").contains("cron says cron cron");
      JsonNode fn = api.get("/projects/v1/admin/" + id + "/functions", Api.bearer(service)).json().get("functions").get(0);
      for (int i = 0; i < 50 && !fn.path("schedule_meta").has("last_status"); i++) {
        Thread.sleep(100);
        fn = api.get("/projects/v1/admin/" + id + "/functions", Api.bearer(service)).json().get("functions").get(0);
      }
      assertThat(fn.get("schedule_meta").get("run_count").asInt()).isEqualTo(1);
      assertThat(fn.get("schedule_meta").get("last_status").asInt()).isEqualTo(200);
    } finally {
      local.resetClock();
    }
  }

  @Test
  void bad_input_is_a_clear_4xx() {
    String base = "/projects/v1/admin/" + id + "/functions";
    for (String body : new String[] {"{}", "{\"name\":\"x\"}", "{\"name\":1,\"code\":\"x\"}", "[]", "nope",
        "{\"name\":\"Bad_Name\",\"code\":\"export default () => 1\"}", "{\"name\":\"ok\",\"code\":\"\"}",
        "{\"name\":\"ok\",\"code\":\"export default async (\"}", "{\"name\":\"ok\",\"code\":\"x\",\"deps\":\"a\"}",
        "{\"name\":\"ok\",\"code\":\"x\",\"deps\":[\"file:../../etc\"]}", "{\"name\":\"ok\",\"code\":\"x\",\"schedule\":5}",
        "{\"name\":\"ok\",\"code\":\"x\",\"config\":{\"timeout\":\"x\"}}"}) {
      Api.Res r = api.postJson(base, Api.bearer(service), body);
      assertThat(r.status()).as(body + " -> " + r.text()).isBetween(400, 499);
      assertThat(r.json().has("error")).as(r.text()).isTrue();
    }
    assertThat(api.postJson(base, Map.of(), "{}").status()).isEqualTo(401);
    assertThat(fp.deploy("fine", "export default async () => new Response('x')", null).status()).isEqualTo(201);
    for (String body : new String[] {"{\"config\":{\"timeout\":0}}", "{\"config\":{\"timeout\":61}}",
        "{\"config\":{\"memory\":64}}", "{\"schedule\":\"bad\"}", "{\"config\":5}", "[]"}) {
      Api.Res r = api.send("PATCH", base + "/fine", Api.bearer(service), body);
      assertThat(r.status()).as(body + " -> " + r.text()).isBetween(400, 403);
    }
    assertThat(api.send("PATCH", base + "/missing", Api.bearer(service), "{}").status()).isEqualTo(404);
    assertThat(api.send("DELETE", base + "/missing", Api.bearer(service), null).status()).isEqualTo(404);
    for (String q : new String[] {"?tail=0", "?tail=abc", "?tail=5000", "?since=yesterday"}) {
      assertThat(api.get(base + "/fine/logs" + q, Api.bearer(service)).status()).as(q).isEqualTo(400);
    }
    assertThat(api.get(base + "/missing/logs", Api.bearer(service)).status()).isEqualTo(404);
    for (String body : new String[] {"{\"key\":\"lower\",\"value\":\"x\"}", "{\"key\":\"OK\"}", "{\"value\":\"x\"}",
        "{\"key\":\"OK\",\"value\":\"" + "x".repeat(5000) + "\"}"}) {
      Api.Res r = api.postJson("/projects/v1/admin/" + id + "/secrets", Api.bearer(service), body);
      assertThat(r.status()).as(body).isEqualTo(400);
    }
    assertThat(api.send("DELETE", "/projects/v1/admin/" + id + "/secrets/NOPE", Api.bearer(service), null).status())
        .isEqualTo(404);
  }
}

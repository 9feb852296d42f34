package com.run402.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.run402.local.testsupport.Api;
import com.run402.local.testsupport.StandaloneProcess;
import com.run402.local.testsupport.TestWallet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone jar as a user runs it: data survives a clean restart and a kill -9 of the JVM (whose
 * orphaned postmaster is recovered on the next start), and SIGTERM leaves no process behind.
 */
class PersistenceIT {

  @Test
  void projects_survive_restart_and_kill_9(@TempDir Path tmp) throws Exception {
    Path dataDir = tmp.resolve("data");
    TestWallet wallet = TestWallet.random();
    String projectId;
    String serviceKey;
    try (StandaloneProcess run1 = StandaloneProcess.start("--port", "0", "--payments", "free", "--data-dir", dataDir.toString())) {
      Api api = new Api(run1.baseUri());
      var p = api.postJson("/projects/v1", api.wallet(wallet, "/projects/v1"), "{\"name\":\"durable\"}").json();
      projectId = p.get("project_id").asText();
      serviceKey = p.get("service_key").asText();
      assertThat(sql(api, projectId, serviceKey, "CREATE TABLE t (v text); INSERT INTO t VALUES ('kept')").status())
          .isEqualTo(200);
      assertThat(api.postJson("/projects/v1/admin/" + projectId + "/functions", Api.bearer(serviceKey),
          "{\"name\":\"diary\",\"code\":\"export default async () => { console.log('a NUL: \\\\0 (no text for PostgreSQL)');"
              + " console.log('written before the restart'); return new Response('ok'); }\"}").status()).isEqualTo(201);
      assertThat(api.get("/functions/v1/diary", java.util.Map.of("apikey", p.get("anon_key").asText())).status())
          .isEqualTo(200);
      run1.terminate();
      assertThat(run1.postgresPids()).as("no postgres left after SIGTERM").isEmpty();
    }

    long orphan;
    try (StandaloneProcess run2 = StandaloneProcess.start("--port", "0", "--payments", "free", "--data-dir", dataDir.toString())) {
      Api api = new Api(run2.baseUri());
      assertThat(api.get("/projects/v1", api.wallet(wallet, "/projects/v1")).json().get("projects")
          .findValuesAsText("project_id")).containsExactly(projectId);
      assertThat(sql(api, projectId, serviceKey, "INSERT INTO t VALUES ('after-restart')").status()).isEqualTo(200);
      assertThat(api.get("/projects/v1/admin/" + projectId + "/functions/diary/logs", Api.bearer(serviceKey)).text())
          .as("function logs outlive a restart, a line with a NUL in it too").contains("written before the restart")
          .contains("a NUL: ");
      orphan = run2.postgresPids().stream().findFirst().orElseThrow();
      run2.kill9();
      assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).as("postmaster outlives kill -9").contains(true);
    }

    try (StandaloneProcess run3 = StandaloneProcess.start("--port", "0", "--payments", "free", "--data-dir", dataDir.toString())) {
      assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      Api api = new Api(run3.baseUri());
      var rows = sql(api, projectId, serviceKey, "SELECT v FROM t ORDER BY v").json().get("rows");
      assertThat(rows.findValuesAsText("v")).containsExactly("after-restart", "kept");
      run3.terminate();
    }
    assertThat(Files.exists(dataDir.resolve("postgres/PG_VERSION"))).isTrue();
  }

  @Test
  void a_taken_port_is_reported_clearly(@TempDir Path tmp) throws Exception {
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      StandaloneProcess.Result r = StandaloneProcess.runToExit("--ephemeral", "--port",
          Integer.toString(socket.getLocalPort()));
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.stderr()).contains("already in use").contains("--port 0");
    }
    StandaloneProcess.Result unwritable = StandaloneProcess.runToExit("--port", "0", "--data-dir", "/proc/run402");
    assertThat(unwritable.exitCode()).isEqualTo(1);
    assertThat(unwritable.stderr()).contains("could not start").contains("/proc/run402");
  }

  static Api.Res sql(Api api, String id, String key, String sql) {
    return api.send("POST", "/projects/v1/admin/" + id + "/sql", Map.of("Authorization", "Bearer " + key,
        "Content-Type", "text/plain"), sql);
  }
}

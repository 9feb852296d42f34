package com.run402.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.run402.local.runtime.db.Files2;
import com.run402.local.testsupport.Api;
import com.run402.local.testsupport.StandaloneProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where user namespaces are blocked (Docker's seccomp profile, some CI runners) and we are root,
 * Postgres runs as an unprivileged system user through setpriv. This machine has unshare, so the
 * mode is forced here to prove the fallback works.
 */
class SetprivModeIT {

  @Test
  void runs_postgres_as_an_unprivileged_user_when_forced() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "setpriv mode is only used as root");
    Path base = Files.createTempDirectory(Path.of("/tmp"), "run402-setpriv-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    try (Run402Local local = Run402Local.builder().pgIsolation("setpriv").dataDir(base.resolve("data")).start()) {
      LocalProject p = local.createProject("setpriv");
      Api api = new Api(local.baseUri());
      Api.Res r = api.send("POST", "/projects/v1/admin/" + p.projectId() + "/sql",
          Map.of("Authorization", "Bearer " + p.serviceKey(), "Content-Type", "text/plain"),
          "CREATE TABLE t (x int); INSERT INTO t VALUES (1); SELECT count(*) AS n FROM t");
      assertThat(r.json().get("rows").get(0).get("n").asText()).isEqualTo("1");
      String owner = Files.getOwner(base.resolve("data/postgres/PG_VERSION")).getName();
      assertThat(owner).isIn("run402pg", "nobody");
      assertThat(Files.getPosixFilePermissions(base.resolve("data/secrets.json")))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    } finally {
      Files2.deleteTree(base);
    }
  }

  @Test
  void runs_as_a_normal_user_with_postgres_as_a_direct_child() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root to become another user");
    Path base = Files.createTempDirectory(Path.of("/tmp"), "run402-user-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path jar = Files.copy(StandaloneProcess.jar(), base.resolve("run402-local.jar"));
    Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
    String uid = id("-u");
    String gid = id("-g");
    List<String> asUser = List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--",
        "env", "HOME=" + base);
    try (StandaloneProcess p = StandaloneProcess.startAs(asUser, jar, "--port", "0", "--data-dir",
        base.resolve("data").toString(), "--cache-dir", base.resolve("cache").toString())) {
      Api api = new Api(p.baseUri());
      assertThat(api.get("/health", Map.of()).status()).isEqualTo(200);
      assertThat(Files.getOwner(base.resolve("data/postgres/PG_VERSION")).getName()).isEqualTo("run402pg");
      p.terminate();
    } finally {
      Files2.deleteTree(base);
    }
  }

  private static String id(String flag) throws Exception {
    if (new ProcessBuilder("id", "run402pg").start().waitFor() != 0) {
      new ProcessBuilder("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "run402pg")
          .inheritIO().start().waitFor();
    }
    Process p = new ProcessBuilder("id", flag, "run402pg").start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    assumeTrue(p.waitFor() == 0, "user run402pg does not exist and could not be created");
    return out;
  }

  @Test
  void an_unreachable_data_dir_gets_an_actionable_message() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "setpriv mode is only used as root");
    Path hidden = Files.createTempDirectory(Path.of("/tmp"), "run402-hidden-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    try {
      assertThatThrownBy(() -> Run402Local.builder().pgIsolation("setpriv").dataDir(hidden.resolve("a/data")).start())
          .isInstanceOf(Run402StartupException.class)
          .hasMessageContaining("is not searchable by others")
          .hasMessageContaining("--data-dir");
    } finally {
      Files2.deleteTree(hidden);
    }
  }
}

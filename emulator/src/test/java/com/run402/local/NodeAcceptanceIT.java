package com.run402.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.run402.local.testsupport.Api;
import com.run402.local.testsupport.TestWallet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Node acceptance tests in {@code src/test/node} against an embedded emulator, with one
 * {@code npm ci} for both: {@code sdk-acceptance.test.mjs} (the real {@code @run402/sdk@3.3.3}) and
 * {@code rest-acceptance.test.mjs} (the real {@code @supabase/postgrest-js} on {@code /rest/v1} and
 * {@code /admin/v1/rest} under expose-manifest RLS) and {@code auth-acceptance.test.mjs} (end-user
 * auth, with {@code jose} verifying access tokens against the JWKS) and {@code magic-link-acceptance.test.mjs}
 * (magic links and invites through the SDK, read back from the mail catcher) and {@code deploy-acceptance.test.mjs}
 * (sites.deployDir and project.apply). Needs {@code node} (22+ recommended) and
 * {@code npm} on the PATH.
 */
class NodeAcceptanceIT {
  private static final Logger LOG = LoggerFactory.getLogger(NodeAcceptanceIT.class);
  private static final String LOCK = "package-lock.json";
  private static final String INSTALLED_LOCK = "node_modules/.run402-installed-package-lock.json";
  private static Run402Local local;
  private static Path dir;

  @BeforeAll
  static void start() throws Exception {
    // These suites provision with unfunded wallets: payments are waived (x402 has its own instance below).
    local = Run402Local.builder().port(0).payments("free").start();
    dir = Path.of(System.getProperty("run402.node.dir", "target/node-acceptance")).toAbsolutePath();
    copySources(dir);
    if (needsInstall(dir)) {
      run(dir, Map.of(), 10, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
      Files.copy(dir.resolve(LOCK), dir.resolve(INSTALLED_LOCK), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @AfterAll
  static void stop() {
    if (local != null) {
      local.close();
    }
  }

  @Test
  void the_real_sdk_provisions_queries_and_gets_production_errors() throws Exception {
    run(dir, Map.of("RUN402_API_BASE", local.baseUri().toString()), 5,
        "node", "--test", "--test-reporter=spec", "sdk-acceptance.test.mjs");
  }

  /** x402 mode: faucet, paid tier, paid provision, viem reading /chain/rpc, a third-party seller via /facilitator. */
  @Test
  void the_real_sdk_pays_x402_challenges_on_the_mock_chain() throws Exception {
    try (Run402Local paid = Run402Local.builder().port(0).payments("x402").start()) {
      run(dir, Map.of("RUN402_API_BASE", paid.baseUri().toString()), 5,
          "node", "--test", "--test-reporter=spec", "x402-acceptance.test.mjs");
    }
  }

  @Test
  void the_real_sdk_sends_mail_into_the_catcher_and_gets_signed_webhooks() throws Exception {
    run(dir, Map.of("RUN402_API_BASE", local.baseUri().toString()), 5,
        "node", "--test", "--test-reporter=spec", "mail-acceptance.test.mjs");
  }

  @Test
  void the_real_sdk_signs_in_with_a_magic_link_from_the_catcher() throws Exception {
    run(dir, Map.of("RUN402_API_BASE", local.baseUri().toString()), 5,
        "node", "--test", "--test-reporter=spec", "magic-link-acceptance.test.mjs");
  }

  /**
   * There is no {@code /auth/v1} yet, so the user access tokens are minted here with the project's
   * signing key and handed to Node with the project's keys; the project is provisioned here for the
   * same reason (the tokens carry its id).
   */
  @Test
  void postgrest_js_reads_and_writes_under_the_expose_manifest() throws Exception {
    LocalProject p = local.createProject("rest-acceptance-" + System.nanoTime());
    String userA = UUID.randomUUID().toString();
    String userB = UUID.randomUUID().toString();
    Map<String, String> env = new HashMap<>();
    env.put("RUN402_API_BASE", local.baseUri().toString());
    env.put("RUN402_PROJECT_ID", p.projectId());
    env.put("RUN402_ANON_KEY", p.anonKey());
    env.put("RUN402_SERVICE_KEY", p.serviceKey());
    env.put("RUN402_USER_A_ID", userA);
    env.put("RUN402_USER_A_TOKEN", local.engine().userTokens().mint(p.projectId(), userA, "a@example.com"));
    env.put("RUN402_USER_B_ID", userB);
    env.put("RUN402_USER_B_TOKEN", local.engine().userTokens().mint(p.projectId(), userB, "b@example.com"));
    run(dir, env, 5, "node", "--test", "--test-reporter=spec", "rest-acceptance.test.mjs");
  }

  /** Lease expiry on the emulator clock, moved by the Node test through POST /__local/clock. */
  @Test
  void an_expired_lease_is_read_only_for_postgrest_js() throws Exception {
    TestWallet w = TestWallet.random();
    Api api = new Api(local.baseUri());
    Api.Res r = api.postJson("/projects/v1", api.wallet(w, "/projects/v1"), "{\"name\":\"lease-acceptance\"}");
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    Map<String, String> env = new HashMap<>();
    env.put("RUN402_API_BASE", local.baseUri().toString());
    env.put("RUN402_PROJECT_ID", r.json().get("project_id").asText());
    env.put("RUN402_SERVICE_KEY", r.json().get("service_key").asText());
    try {
      run(dir, env, 5, "node", "--test", "--test-reporter=spec", "lease-acceptance.test.mjs");
    } finally {
      local.resetClock();
    }
  }

  /** Storage with real clients: minio-js on the S3 endpoint, the SDK's assets namespace on /storage/v1. */
  @Test
  void storage_with_minio_js_and_the_sdk() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("RUN402_API_BASE", local.baseUri().toString());
    env.put("RUN402_S3_ENDPOINT", local.s3Uri().toString());
    run(dir, env, 5, "node", "--test", "--test-reporter=spec", "storage-acceptance.test.mjs");
  }

  /**
   * Functions with the SDK (deploy through apply, invoke, logs, update, secrets) and the real
   * {@code @run402/functions} inside them (db(req) under RLS, adminDb().sql(), auth.user()); limits; schedules.
   */
  @Test
  void the_real_sdk_deploys_and_invokes_functions() throws Exception {
    try {
      run(dir, Map.of("RUN402_API_BASE", local.baseUri().toString()), 5,
          "node", "--test", "--test-reporter=spec", "functions-acceptance.test.mjs");
    } finally {
      local.resetClock();
    }
  }

  /** The apply pipeline with the SDK: sites.deployDir (uploads counted on the S3 port) and project.apply. */
  @Test
  void the_real_sdk_deploys_sites_and_releases() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("RUN402_API_BASE", local.baseUri().toString());
    env.put("RUN402_S3_ENDPOINT", local.s3Uri().toString());
    run(dir, env, 5, "node", "--test", "--test-reporter=spec", "deploy-acceptance.test.mjs");
  }

  /** End-user auth with real clients: fetch for /auth/v1, jose on the JWKS, postgrest-js on /rest/v1. */
  @Test
  void users_sign_up_sign_in_and_use_their_tokens() throws Exception {
    LocalProject p = local.createProject("auth-acceptance-" + System.nanoTime());
    Map<String, String> env = new HashMap<>();
    env.put("RUN402_API_BASE", local.baseUri().toString());
    env.put("RUN402_PROJECT_ID", p.projectId());
    env.put("RUN402_ANON_KEY", p.anonKey());
    env.put("RUN402_SERVICE_KEY", p.serviceKey());
    run(dir, env, 5, "node", "--test", "--test-reporter=spec", "auth-acceptance.test.mjs");
  }

  private static Path sourceDir() {
    Path inModule = Path.of("src/test/node");
    if (Files.isDirectory(inModule)) {
      return inModule; // failsafe runs with the module as working directory
    }
    return Path.of(System.getProperty("run402.repo.root", ".."), "emulator/src/test/node");
  }

  private static void copySources(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path src = sourceDir();
    List<Path> files = new ArrayList<>(List.of(src.resolve("package.json"), src.resolve(LOCK)));
    try (DirectoryStream<Path> tests = Files.newDirectoryStream(src, "*.mjs")) { // tests and their support modules
      tests.forEach(files::add);
    }
    for (Path f : files) {
      Files.copy(f, dir.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static boolean needsInstall(Path dir) throws IOException {
    Path marker = dir.resolve(INSTALLED_LOCK);
    return !Files.isDirectory(dir.resolve("node_modules")) || !Files.exists(marker)
        || !Arrays.equals(Files.readAllBytes(marker), Files.readAllBytes(dir.resolve(LOCK)));
  }

  /** Runs a command in dir, logging its output; fails with the last 200 lines unless it exits 0. */
  private static void run(Path dir, Map<String, String> env, int timeoutMinutes, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      fail("Cannot run '" + command[0] + "' (" + e.getMessage() + "): NodeAcceptanceIT needs Node.js and npm "
          + "on the PATH (https://nodejs.org; CI images have them).");
      return;
    }
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    Thread out = pump(p.getInputStream(), command[0] + ":out", lines);
    Thread err = pump(p.getErrorStream(), command[0] + ":err", lines);
    boolean finished = p.waitFor(timeoutMinutes, TimeUnit.MINUTES);
    if (!finished) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    out.join(10_000);
    err.join(10_000);
    String what = String.join(" ", command);
    assertThat(finished).as("%s did not finish within %d minutes; last output:%n%s", what, timeoutMinutes, tail(lines))
        .isTrue();
    assertThat(p.exitValue()).as("%s exited with %d; last output:%n%s", what, p.exitValue(), tail(lines)).isZero();
  }

  private static Thread pump(InputStream in, String name, List<String> lines) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          LOG.info("[{}] {}", name, line);
          lines.add(line);
        }
      } catch (IOException e) {
        LOG.warn("[{}] output stream closed: {}", name, e.toString());
      }
    }, "node-acceptance-" + name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static String tail(List<String> lines) {
    synchronized (lines) {
      return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 200), lines.size()));
    }
  }
}

package com.run402.local;

import com.run402.local.runtime.Engine;
import com.run402.local.runtime.RuntimeConfig;
import com.run402.local.runtime.x402.PaymentOptions;
import com.run402.local.runtime.StartupException;
import com.run402.local.runtime.Versions;
import com.run402.local.server.LocalServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running run402-local: PostgreSQL, the control plane and the HTTP API on one port.
 *
 * <pre>{@code
 * try (Run402Local local = Run402Local.builder().port(0).start()) {
 *   LocalProject p = local.createProject("demo");
 *   URI api = local.baseUri();            // point RUN402_API_BASE here
 * }
 * }</pre>
 *
 * <p>Closing is idempotent and stops everything the instance started; an instance without a data
 * dir deletes its temporary one.
 */
public final class Run402Local implements AutoCloseable {
  private final Run402Options options;
  private final Engine engine;
  private final LocalServer server;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Run402Local(Run402Options options, Engine engine, LocalServer server) {
    this.options = options;
    this.engine = engine;
    this.server = server;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts an instance; blocks until PostgreSQL and HTTP are ready. */
  public static Run402Local start(Run402Options options) {
    Path dataDir = options.dataDir();
    boolean ephemeral = options.ephemeral() || dataDir == null;
    Engine engine = null;
    try {
      if (dataDir == null) {
        dataDir = Files.createTempDirectory("run402-local-");
      }
      // Postgres starts on its own thread while this one builds the HTTP server (class loading,
      // routes): the two take about the same time, so a warm start costs the longer of them.
      EngineStart pending = EngineStart.begin(options.toRuntimeConfig(dataDir.toAbsolutePath(), ephemeral));
      LocalServer server;
      try {
        server = LocalServer.create(pending::engine, options.host(), options.port(), options.s3Port());
      } finally {
        engine = pending.await();
      }
      server.start();
      engine.functions().apiBase(server.baseUri().toString()); // what deployed functions call back on
      return new Run402Local(options, engine, server);
    } catch (StartupException e) {
      closeQuietly(engine);
      throw new Run402StartupException(e.getMessage(), e);
    } catch (IOException e) {
      throw new Run402StartupException("Cannot create a temporary data dir: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(engine);
      throw e;
    }
  }

  /** {@code http://host:port}, without a trailing slash (what RUN402_API_BASE expects). */
  public URI baseUri() {
    check();
    return server.baseUri();
  }

  /** The S3-compatible endpoint, {@code http://host:s3port} (bucket = project id, path style). */
  public URI s3Uri() {
    check();
    return server.s3Uri();
  }

  public int port() {
    check();
    return server.port();
  }

  /** JDBC URL of the emulator's database, as the superuser (user and password included). */
  public String jdbcUrl() {
    check();
    return engine.postgres().jdbcUrl(com.run402.local.runtime.db.Database.NAME) + "?user="
        + com.run402.local.runtime.db.PostgresCluster.SUPERUSER + "&password=" + engine.postgres().superuserPassword();
  }

  public Path dataDir() {
    check();
    return engine.config().dataDir();
  }

  public Run402Options options() {
    return options;
  }

  /** Creates a project with no wallet (for JVM tests) and returns its keys. */
  public LocalProject createProject(String name) {
    check();
    var body = engine.json().createObjectNode().put("name", name);
    var out = engine.projects().provision(null, body, null, baseUri().toString()).body();
    return new LocalProject(out.get("project_id").asText(), out.get("anon_key").asText(),
        out.get("service_key").asText(), out.get("schema_slot").asText());
  }

  /** Back to empty: every project, wallet and stored response is gone. */
  public void reset() {
    check();
    engine.reset();
  }

  /** Version, API base, data dir and the other endpoints (as {@code GET /__local/info}). */
  public Map<String, Object> info() {
    check();
    return server.info();
  }

  public static String version() {
    return Versions.emulator();
  }

  /** The parity report of this instance's routes (internal API: may change without notice). */
  public com.run402.local.server.parity.ParityReport parity() {
    check();
    return server.parity();
  }

  /** The emulator's "now": the base clock plus however far tests have advanced it. */
  public Instant now() {
    check();
    return engine.clock().instant();
  }

  /**
   * Moves the emulator clock forward (as {@code POST /__local/clock}) and returns the new now.
   * Lease expiry follows: projects whose deletion became due are deleted before this returns.
   */
  public Instant advanceClock(Duration d) {
    check();
    return engine.advanceClock(d);
  }

  /** Puts the emulator clock back on its base clock (offset zero). */
  public void resetClock() {
    check();
    engine.clock().reset();
  }

  /** The engine behind this instance (internal API: may change without notice). */
  public Engine engine() {
    check();
    return engine;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.stop();
      engine.close();
    }
  }

  /** Alias of {@link #close()}. */
  public void stop() {
    close();
  }

  private void check() {
    if (closed.get()) {
      throw new IllegalStateException("This run402-local instance has been closed; start a new one.");
    }
  }

  private static void closeQuietly(Engine e) {
    if (e != null) {
      e.close();
    }
  }

  /** Fluent configuration; {@link #build()} gives the options, {@link #start()} an instance. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 0;
    private Path dataDir;
    private boolean ephemeral;
    private Path cacheDir = RuntimeConfig.defaultCacheDir();
    private String pgIsolation = "auto";
    private String pgUser;
    private Duration startTimeout = Duration.ofSeconds(60);
    private Clock clock = Clock.systemUTC();
    private int rateLimitPerSecond = RuntimeConfig.DEFAULT_RATE_LIMIT;
    private int s3Port = 0;
    private PaymentOptions payments = PaymentOptions.defaults();

    public Builder host(String v) {
      host = v;
      return this;
    }

    public Builder port(int v) {
      port = v;
      return this;
    }

    public Builder dataDir(Path v) {
      dataDir = v;
      return this;
    }

    public Builder ephemeral(boolean v) {
      ephemeral = v;
      return this;
    }

    public Builder cacheDir(Path v) {
      cacheDir = v;
      return this;
    }

    public Builder pgIsolation(String v) {
      pgIsolation = v;
      return this;
    }

    public Builder pgUser(String v) {
      pgUser = v;
      return this;
    }

    public Builder startTimeout(Duration v) {
      startTimeout = v;
      return this;
    }

    public Builder clock(Clock v) {
      clock = v;
      return this;
    }

    /** Requests per second per project on REST and SQL before a 429 (default 100, as production; 0: off). */
    /** Port of the S3-compatible endpoint (default 0: any free port; the CLI's default is 4403). */
    public Builder s3Port(int v) {
      s3Port = v;
      return this;
    }

    public Builder rateLimitPerSecond(int v) {
      rateLimitPerSecond = v;
      return this;
    }

    /** {@code x402} (default: paid routes answer 402) or {@code free} (paid routes succeed, zero-cost record). */
    public Builder payments(String mode) {
      payments = payments.withMode(mode);
      return this;
    }

    /** How long an address waits between faucet drips (default 24 h, as production). */
    public Builder faucetCooldown(Duration v) {
      payments = payments.withFaucetCooldown(v);
      return this;
    }

    public Builder paymentOptions(PaymentOptions v) {
      payments = v;
      return this;
    }

    public Run402Options build() {
      return new Run402Options(host, port, dataDir, ephemeral, cacheDir, pgIsolation, pgUser, startTimeout, clock,
          rateLimitPerSecond, payments, s3Port);
    }

    public Run402Local start() {
      return Run402Local.start(build());
    }
  }
}

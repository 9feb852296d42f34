package com.run402.local.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.run402.local.runtime.auth.SiwxVerifier;
import com.run402.local.runtime.clock.EmulatorClock;
import com.run402.local.runtime.chain.MockChain;
import com.run402.local.runtime.db.ControlPlaneSchema;
import com.run402.local.runtime.secrets.Secrets;
import com.run402.local.runtime.subdomains.Subdomains;
import com.run402.local.runtime.apply.ApplyService;
import com.run402.local.runtime.functions.FunctionService;
import com.run402.local.runtime.functions.SignupHooks;
import com.run402.local.runtime.functions.ReleaseFunctions;
import com.run402.local.runtime.sites.SiteResolver;
import com.run402.local.runtime.db.Database;
import com.run402.local.runtime.db.PostgresBinaries;
import com.run402.local.runtime.db.PostgresCluster;
import com.run402.local.runtime.db.ProcessIsolation;
import com.run402.local.runtime.expose.ExposeService;
import com.run402.local.runtime.leases.LeaseSweeper;
import com.run402.local.runtime.leases.Leases;
import com.run402.local.runtime.projects.ApikeyAuth;
import com.run402.local.runtime.projects.Project;
import com.run402.local.runtime.projects.ProjectAuth;
import com.run402.local.runtime.projects.ProjectService;
import com.run402.local.runtime.projects.ProjectTokens;
import com.run402.local.runtime.projects.UserTokens;
import com.run402.local.runtime.restproject.ProjectRest;
import com.run402.local.runtime.restproject.RestAccess;
import com.run402.local.runtime.schema.SchemaCatalog;
import com.run402.local.runtime.sql.SqlRunner;
import com.run402.local.runtime.usage.Budget;
import com.run402.local.runtime.usage.RateLimiter;
import com.run402.local.runtime.usage.UsageMeter;
import com.run402.local.runtime.users.AccessTokens;
import com.run402.local.runtime.users.AuthLimits;
import com.run402.local.runtime.users.MagicLinks;
import com.run402.local.runtime.users.SigningKeys;
import com.run402.local.runtime.users.User;
import com.run402.local.runtime.users.UserAdmin;
import com.run402.local.runtime.users.UserAuth;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running engine: PostgreSQL, the control plane and the services over it. It knows nothing of
 * HTTP; the emulator's routes call into it. Closing it stops everything it started, in reverse.
 */
public final class Engine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  private final RuntimeConfig config;
  private final ObjectMapper json;
  private final PostgresCluster postgres;
  private final Database db;
  private final UsageMeter usage;
  private final ProjectService projects;
  private final ProjectAuth projectAuth;
  private final SqlRunner sql;
  private final SchemaCatalog schema;
  private final SiwxVerifier siwx;
  private final ExposeService expose;
  private final ProjectRest rest;
  private final RestAccess restAccess;
  private final UserTokens userTokens;
  private final MailServices mail;
  private final ProjectTokens tokens;
  private final SigningKeys signingKeys;
  private final AccessTokens accessTokens;
  private final UserAuth userAuth;
  private final UserAdmin userAdmin;
  private final MagicLinks magicLinks;
  private final Leases leases;
  private final Budget budget;
  private final RateLimiter rateLimiter;
  private final PaymentServices x402;
  private final Secrets secrets;
  private final Subdomains subdomains;
  private final ApplyService apply;
  private final FunctionService functions;
  private final SignupHooks signupHooks;
  private final ReleaseFunctions releaseFunctions;
  private final SiteResolver sites;
  private final StorageServices storage;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final List<AutoCloseable> started;

  private Engine(RuntimeConfig config, ObjectMapper json, PostgresCluster postgres, Database db, UsageMeter usage,
      LocalSecrets secrets, MockChain chain, List<AutoCloseable> started) {
    this.config = config;
    this.json = json;
    this.postgres = postgres;
    this.db = db;
    this.usage = usage;
    this.started = started;
    this.leases = new Leases(db.admin(), config.clock());
    this.budget = new Budget(usage);
    this.rateLimiter = new RateLimiter(config.rateLimitPerSecond());
    this.projects = new ProjectService(db, secrets, json, config.clock(), usage, leases::leaseChanged, leases::lifecycle);
    this.projectAuth = new ProjectAuth(projects, leases::serving);
    this.sql = new SqlRunner(db.tenants(), json, config.sqlStatementTimeout());
    this.schema = new SchemaCatalog(db.admin(), json);
    // SIWX freshness is checked against the client's wall clock, not the advanced emulator clock.
    this.siwx = new SiwxVerifier(config.emulatorClock().base(), json);
    this.expose = new ExposeService(db, json, config.sqlStatementTimeout());
    this.signingKeys = new SigningKeys(db.admin(), secrets);
    this.tokens = new ProjectTokens(projects, kid -> signingKeys.byKid(kid)
        .map(k -> new ProjectTokens.UserKey(k.projectId(), k.key())), json, config.clock());
    this.accessTokens = new AccessTokens(signingKeys, config.clock());
    this.userAuth = new UserAuth(db.admin(), accessTokens, json, config.clock(), AuthLimits.DEFAULTS, this::signedUp);
    this.rest = new ProjectRest(db.tenants(), tokens, json, config.sqlStatementTimeout());
    this.restAccess = new RestAccess(new ApikeyAuth(projects, tokens, leases::serving), projectAuth, tokens);
    this.userTokens = new UserTokens(projects.keys(), config.clock());
    this.mail = MailServices.create(config, db.admin(), json);
    started.add(mail.webhooks()); // its delivery threads stop with the engine
    this.magicLinks = new MagicLinks(db.admin(), userAuth, mail.catcher(), mail.mailboxes(), json, config.clock());
    this.userAdmin = new UserAdmin(db.admin(), signingKeys, json, config.clock(), magicLinks);
    this.storage = StorageServices.create(config, db.admin(), secrets, usage, projects, leases, budget, json);
    this.secrets = new Secrets(db.admin(), config.clock());
    this.subdomains = new Subdomains(db.admin(), config.clock());
    this.functions = new FunctionService(config.functions(), db.admin(),
        config.dataDir(), config.cacheDir(), projects, leases::serving, this.secrets, json, config.clock());
    started.add(functions); // workers and the schedule ticker stop with the engine
    started.add(this.signupHooks = new SignupHooks(functions, budget, usage));
    this.releaseFunctions = new ReleaseFunctions(functions, storage.content());
    this.apply = new ApplyService(db, storage.content(), storage.objects(), expose, this.secrets, subdomains,
        json, config.clock(), config.emulatorClock().base(), config.sqlStatementTimeout(), this::schemaChanged,
        releaseFunctions::apply);
    started.add(apply); // deploy operations stop with the engine
    this.sites = new SiteResolver(db.admin(), apply, subdomains,
        id -> projects.find(id).map(leases::serving).orElse(false));
    this.x402 = PaymentServices.create(config, db.admin(), chain, json, leases::leaseChanged);
    LeaseSweeper leaseSweeper = new LeaseSweeper(leases, projects::find, p -> {
      projects.delete(p);
      projectDeleted(p.id());
    }, Duration.ofSeconds(30));
    started.add(leaseSweeper);
    config.emulatorClock().onChange(leaseSweeper::sweepQuietly); // a moved clock deletes what is due at once
    config.emulatorClock().onChange(functions::clockMoved); // and runs what is due (a retry's delay passed)
    mail.webhooks().resume(); // deliveries left pending (or in flight) by the previous run
  }

  /** Signups reach the functions' on-signup hook, which is made after the auth services. */
  private void signedUp(Project p, User u) {
    signupHooks.signedUp(p, u);
  }

  public static Engine start(RuntimeConfig config) {
    ObjectMapper json = Json.mapper();
    List<AutoCloseable> started = new ArrayList<>();
    try {
      Files.createDirectories(config.dataDir());
      if (!Files.isWritable(config.dataDir())) {
        throw new StartupException("Data dir " + config.dataDir() + " is not writable. Pick another with --data-dir.");
      }
      LocalSecrets secrets = LocalSecrets.loadOrCreate(config.dataDir(), json);
      // H2 takes ~200 ms to open: it opens while PostgreSQL starts, which is mostly waiting.
      CompletableFuture<MockChain> chainOpening = MockChain.openInBackground(config.dataDir(), config.ephemeral());
      started.add(() -> chainOpening.thenAccept(MockChain::close)); // closed even if start fails below
      PostgresBinaries bins = PostgresBinaries.ensure(config.cacheDir(), Versions.postgres());
      ProcessIsolation iso = ProcessIsolation.resolve(config.pgIsolation(), config.pgUser());
      PostgresCluster pg = PostgresCluster.start(new PostgresCluster.Settings(config.dataDir().resolve("postgres"),
          bins, iso, secrets.superuserPassword(), !config.ephemeral(), config.startTimeout()));
      started.add(pg);
      ControlPlaneSchema.ensureDatabase(pg);
      Database db = new Database(pg, secrets::rolePassword);
      started.add(db);
      ControlPlaneSchema.migrate(db);
      UsageMeter usage = new UsageMeter(db.admin(), 5_000);
      started.add(usage);
      MockChain chain = MockChain.await(chainOpening, config.startTimeout());
      return new Engine(config, json, pg, db, usage, secrets, chain, started);
    } catch (IOException e) {
      closeAll(started);
      throw new StartupException("Cannot create data dir " + config.dataDir() + ": " + e.getMessage()
          + ". Pick a writable --data-dir.", e);
    } catch (RuntimeException e) {
      closeAll(started);
      throw e;
    }
  }

  public RuntimeConfig config() {
    return config;
  }

  public ObjectMapper json() {
    return json;
  }

  public PostgresCluster postgres() {
    return postgres;
  }

  public Database db() {
    return db;
  }

  public ProjectService projects() {
    return projects;
  }

  public ProjectAuth projectAuth() {
    return projectAuth;
  }

  public SqlRunner sql() {
    return sql;
  }

  public SchemaCatalog schema() {
    return schema;
  }

  public SiwxVerifier siwx() {
    return siwx;
  }

  public ExposeService expose() {
    return expose;
  }

  public UsageMeter usage() {
    return usage;
  }

  /** Per-project PostgREST engines. */
  public ProjectRest rest() {
    return rest;
  }

  /** Who may call /rest/v1 and /admin/v1/rest. */
  public RestAccess restAccess() {
    return restAccess;
  }

  /** Mints HS256 end-user tokens for tests ({@code rest-acceptance}); the auth routes use {@link #accessTokens}. */
  public UserTokens userTokens() {
    return userTokens;
  }

  /** The mail catcher, mailboxes, their webhooks and the send route. */
  public MailServices mail() {
    return mail;
  }

  /** Verifies project keys and user access tokens (any project; callers check which). */
  public ProjectTokens tokens() {
    return tokens;
  }

  /** Mints ES256 user access tokens as the auth routes do. */
  public AccessTokens accessTokens() {
    return accessTokens;
  }

  /** Signup, sign-in, sessions and passwords of end users ({@code /auth/v1}). */
  public UserAuth userAuth() {
    return userAuth;
  }

  /** Auth settings, service-key user management, promotion and the JWKS. */
  public UserAdmin userAdmin() {
    return userAdmin;
  }

  /** Magic links and email codes ({@code /auth/v1/magic-link}, their grants, invites). */
  public MagicLinks magicLinks() {
    return magicLinks;
  }

  /** The emulator clock every component reads. */
  public EmulatorClock clock() {
    return config.emulatorClock();
  }

  /** Moves the emulator clock forward; projects whose deletion became due are deleted before it returns. */
  public Instant advanceClock(Duration d) {
    return clock().advance(d);
  }

  /** Lease state of projects (active, expired read-only, archived, deleted) and renewals. */
  public Leases leases() {
    return leases;
  }

  /** Tier limits of metered requests (402 over the API-call or storage limit). */
  public Budget budget() {
    return budget;
  }

  /** The per-project request rate limit (429). */
  public RateLimiter rateLimiter() {
    return rateLimiter;
  }

  /** The chain, x402, faucet, JSON-RPC, facilitator, tiers and billing. */
  public PaymentServices x402() {
    return x402;
  }

  /** The content store, project objects, blob signing and listing, and the S3 API. */
  public StorageServices storage() {
    return storage;
  }

  /** Project secrets (values for functions; never returned). */
  public Secrets secrets() {
    return secrets;
  }

  /** Claimed subdomains. */
  public Subdomains subdomains() {
    return subdomains;
  }

  /** The apply pipeline, releases and legacy deployments. */
  public ApplyService apply() {
    return apply;
  }

  /** Functions: deploys, warm workers, logs and schedules. */
  public FunctionService functions() {
    return functions;
  }

  /** Host label -> release -> file, for the site server. */
  public SiteResolver sites() {
    return sites;
  }

  /** A project was deleted: forget what was cached about its schema. */
  public void projectDeleted(String projectId) {
    functions.projectDeleted(projectId);
    signingKeys.forget(projectId);
    schema.invalidate(projectId);
    rest.evict(projectId);
  }

  /**
   * Whatever ran DDL in a project's schema (SQL endpoint, expose manifest, migrations) calls this
   * before answering, so the very next request plans against the new schema.
   */
  public void schemaChanged(String projectId) {
    schema.invalidate(projectId);
    rest.schemaChanged(projectId);
  }

  /** Back to empty: every project, wallet and stored response is gone. */
  public void reset() {
    functions.reset();
    projects.resetAll();
    mail.catcher().clear();
    signingKeys.forgetAll();
    userAuth.reset();
    magicLinks.reset();
    x402.chain().reset();
    storage.content().gc(sha -> storage.objects().references(sha) || apply.references(sha)); // the projects' objects went with them
    schema.invalidateAll();
    rest.evictAll();
    leases.clear();
    rateLimiter.clear();
    clock().reset();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    List<AutoCloseable> reversed = new ArrayList<>(started);
    java.util.Collections.reverse(reversed);
    closeAll(reversed);
    if (config.ephemeral()) {
      try {
        com.run402.local.runtime.db.Files2.deleteTree(config.dataDir());
      } catch (IOException e) {
        LOG.warn("Could not delete ephemeral data dir {}: {}", config.dataDir(), e.getMessage());
      }
    }
  }

  private static void closeAll(List<AutoCloseable> items) {
    for (AutoCloseable c : items) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("Error while stopping {}: {}", c.getClass().getSimpleName(), e.getMessage());
      }
    }
  }
}

package com.run402.local.runtime.functions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.projects.Project;
import com.run402.local.runtime.projects.ProjectService;
import com.run402.local.runtime.secrets.Secrets;
import com.run402.local.runtime.tiers.Tier;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deployed functions (api-contract 2.3, legacy-gateway 1.5 and 6): deploy (compile with esbuild, install deps,
 * store), list, update, delete, invoke on warm per-project Node workers, logs, and cron schedules on the
 * emulator clock.
 */
public final class FunctionService implements AutoCloseable {
  private final FunctionStore store;
  private final Compiler compiler;
  private final DepsInstaller deps;
  private final ModuleFiles files;
  private final WorkerPool pool;
  private final FunctionLogs logs;
  private final Invoker invoker;
  private final FunctionScheduler scheduler;
  private final ProjectService projects;
  private final Secrets secrets;
  private final ObjectMapper json;
  private final Clock clock;
  private final BuildInfo build;
  private final RunWorker runWorker;
  private final FunctionRuns runs;
  private final Map<String, String[]> keys = new ConcurrentHashMap<>();
  /** Per project: its environment as JSON (RUN402_* and secrets), dropped on every secret change. */
  private final Map<String, byte[]> envs = new ConcurrentHashMap<>();
  /** Per project/name: the live definition and its module file, dropped on deploy, update and delete. */
  private final Map<String, Live> live = new ConcurrentHashMap<>();
  private record Live(FunctionDef def, Path module) {}
  private volatile String apiBase = "http://127.0.0.1";

  public FunctionService(FunctionsOptions options, javax.sql.DataSource ds, Path dataDir, Path cacheDir,
      ProjectService projects, java.util.function.Predicate<Project> serving, Secrets secrets, ObjectMapper json,
      Clock clock) {
    NodeRuntime runtime = NodeRuntime.locate(cacheDir);
    this.store = new FunctionStore(ds, json);
    this.compiler = new Compiler(runtime, options.node());
    this.build = BuildInfo.of(runtime, json);
    this.deps = new DepsInstaller(options, cacheDir.resolve("npm-cache"), json);
    this.files = new ModuleFiles(dataDir.resolve("functions"), runtime);
    this.logs = new FunctionLogs(json, clock, new LogStore(ds));
    this.pool = new WorkerPool(options, runtime, dataDir.resolve("functions"), logs::workerLine);
    this.invoker = new Invoker(pool, logs);
    this.projects = projects;
    this.secrets = secrets;
    this.json = json;
    this.clock = clock;
    secrets.onChange(envs::remove);
    // Cron ticks and durable runs pause while the project's lease is archived (production: from dormant on).
    java.util.function.Function<String, Optional<Project>> live = id -> projects.find(id).filter(serving);
    this.scheduler = new FunctionScheduler(clock, new ScheduledRun(this, logs, live)::run);
    store.scheduled().forEach(f -> scheduler.register(f.projectId(), f.name(), f.schedule()));
    RunStore runStore = new RunStore(ds);
    this.runWorker = new RunWorker(runStore, this, logs, projects::find, serving, json, clock);
    this.runs = new FunctionRuns(runStore, this, json, clock, runWorker::poke);
  }

  /** Durable function runs (create, read, list, cancel, redrive). */
  public FunctionRuns runs() {
    return runs;
  }

  /** Runs due at the emulator clock's new time are looked at now (called when the clock moves). */
  public void clockMoved() {
    runWorker.poke();
  }

  /** The base URL deployed functions call back on (RUN402_API_BASE); set once the server listens. */
  public void apiBase(String base) {
    this.apiBase = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    envs.clear();
  }

  public FunctionDef deploy(Project p, DeployRequest req) {
    Limits.name(req.name());
    Limits.code(req.source());
    if (req.files() != null) {
      Limits.files(req.files());
    }
    List<String> depList = DepsInstaller.validate(req.deps());
    Tier t = Limits.tier(p);
    List<FunctionDef> all = store.list(p.id());
    Optional<FunctionDef> old = all.stream().filter(f -> f.name().equals(req.name())).findFirst();
    if (old.isEmpty()) {
      Limits.quota(t, all.size());
    }
    Instant now = clock.instant();
    String schedule = req.scheduleGiven() ? blankToNull(req.schedule()) : old.map(FunctionDef::schedule).orElse(null);
    if (schedule != null && !schedule.equals(old.map(FunctionDef::schedule).orElse(null))) {
      Limits.schedule(t, schedule, req.name(), all, now);
    }
    String compiled = build(req.name(), req.source(), req.files(), req.entrypoint());
    Map<String, String> resolved = deps.install(files.dir(p.id(), req.name()), depList);
    String meta = schedule == null ? null : old.map(FunctionDef::scheduleMetaJson).orElse("{\"run_count\":0}");
    FunctionDef f = new FunctionDef(p.id(), req.name(), "node22", req.source(), compiled,
        req.codeHash(), depList, Limits.clampTimeout(t, req.timeoutSeconds()),
        Limits.clampMemory(t, req.memoryMb()), schedule, meta, old.map(FunctionDef::createdAt).orElse(now), now,
        req.files(), req.entrypoint(), build.fingerprint(), build.runtimeVersion(), resolved);
    files.module(f);
    store.upsert(f);
    live.remove(p.id() + "/" + f.name());
    scheduler.register(p.id(), f.name(), schedule);
    logs.add(p.id(), f.name(), "info", "Deployed (code " + f.codeHash().substring(0, 12) + ", timeout "
        + f.timeoutSeconds() + " s, memory " + f.memoryMb() + " MB" + (schedule == null ? "" : ", schedule " + schedule)
        + ")", null);
    return f;
  }

  /**
   * Builds the function again from its stored source (or files) with this emulator's esbuild and
   * {@code @run402/functions} (api-contract 2.3 {@code rebuild}): a new module for new calls, the code hash,
   * config, deps and release untouched. A build failure leaves the old module live.
   */
  public Rebuild rebuild(String projectId, String name) {
    FunctionDef f = get(projectId, name);
    if (f.depsResolved() == null) {
      throw new ApiException(409, "CANNOT_REBUILD_UNLOCKED_DEPS", "Function '" + name + "' was deployed before its "
          + "dependency versions were recorded; redeploy it from source to refresh it");
    }
    String module = build(f.name(), f.source(), f.files(), f.entrypoint());
    FunctionDef r = f.rebuilt(module, build);
    files.module(r);
    if (!store.updateBuild(f, r)) {
      throw new ApiException(409, "function_changed", "Function '" + name + "' was deployed or updated while it "
          + "was being rebuilt; the newer version stays. Rebuild again if it still needs it.");
    }
    live.remove(projectId + "/" + name);
    logs.add(projectId, name, "info", "Rebuilt (build " + build.fingerprint().substring(0, 12) + ", @run402/functions "
        + build.runtimeVersion() + ")", null);
    return new Rebuild(f, r);
  }

  /** What this emulator builds modules with now. */
  public BuildInfo currentBuild() {
    return build;
  }

  /** A rebuilt function, before and after. */
  public record Rebuild(FunctionDef before, FunctionDef after) {}

  public List<FunctionDef> list(String projectId) {
    return store.list(projectId);
  }

  /** Every function of the wallet's projects (any project status), newest first. */
  public List<WalletFunction> listForWallet(String walletAddress) {
    return store.byWallet(walletAddress);
  }

  public FunctionDef get(String projectId, String name) {
    return store.find(projectId, name).orElseThrow(() -> ApiException.notFound("not_found", "Function not found"));
  }

  /** PATCH: {@code {schedule?: cron|null, config?: {timeout?, memory?}}}. */
  public FunctionDef update(Project p, String name, Integer timeout, Integer memory, boolean scheduleGiven,
      String schedule) {
    FunctionDef f = store.find(p.id(), name)
        .orElseThrow(() -> ApiException.notFound("not_found", "Function '" + name + "' not found"));
    Tier t = Limits.tier(p);
    Instant now = clock.instant();
    String sched = scheduleGiven ? blankToNull(schedule) : f.schedule();
    if (sched != null && !sched.equals(f.schedule())) {
      Limits.schedule(t, sched, name, store.list(p.id()), now);
    }
    int to = timeout == null ? f.timeoutSeconds() : Limits.timeout(t, timeout);
    int mem = memory == null ? f.memoryMb() : Limits.memory(t, memory);
    String meta = sched == null ? null : f.scheduleMetaJson() == null ? "{\"run_count\":0}" : f.scheduleMetaJson();
    FunctionDef u = f.withConfig(to, mem, sched, meta, now);
    store.upsert(u);
    live.remove(p.id() + "/" + name);
    scheduler.register(p.id(), name, sched);
    return u;
  }

  public void delete(String projectId, String name) {
    if (!store.delete(projectId, name)) {
      throw ApiException.notFound("not_found", "Function not found");
    }
    live.remove(projectId + "/" + name);
    scheduler.unregister(projectId, name);
    logs.forgetFunction(projectId, name);
    files.deleteFunction(projectId, name);
  }

  /** Calls {@code name} with the caller's request; the answer's body streams from the worker. */
  public Invocation.Result invoke(Project p, String name, Invocation inv) {
    return invoke(p, name, inv, Ids.next("req_"));
  }

  /** As {@link #invoke(Project, String, Invocation)} under a given request id (a run's id, for its logs). */
  Invocation.Result invoke(Project p, String name, Invocation inv, String rid) {
    Live l = live.get(p.id() + "/" + name);
    if (l == null) {
      FunctionDef f = get(p.id(), name);
      l = new Live(f, files.module(f));
      live.put(p.id() + "/" + name, l);
    }
    String url = apiBase + inv.path() + (inv.rawQuery() == null || inv.rawQuery().isEmpty() ? "" : "?" + inv.rawQuery());
    return invoker.invoke(l.def(), l.module(), inv, envs.computeIfAbsent(p.id(), this::envJson), rid, url);
  }

  public List<FunctionLogs.Entry> logs(String projectId, String name, int tail, long sinceMs, String requestId) {
    get(projectId, name);
    return logs.tail(projectId, name, tail, sinceMs, requestId);
  }

  public Optional<Instant> nextRun(String projectId, String name) {
    return scheduler.next(projectId, name);
  }

  void scheduleMeta(String projectId, String name, String metaJson) {
    store.updateScheduleMeta(projectId, name, metaJson);
  }

  Optional<FunctionDef> find(String projectId, String name) {
    return store.find(projectId, name);
  }

  boolean exists(String projectId, String name) {
    return store.exists(projectId, name);
  }

  /** A line in the function's logs written by the emulator itself (a hook's outcome, say). */
  void note(String projectId, String name, String level, String message) {
    note(projectId, name, level, message, null);
  }

  void note(String projectId, String name, String level, String message, String requestId) {
    logs.add(projectId, name, level, message, requestId);
  }

  ObjectMapper json() {
    return json;
  }

  Instant now() {
    return clock.instant();
  }

  private String build(String name, String source, Map<String, byte[]> fileSet, String entrypoint) {
    return fileSet == null ? compiler.compile(name, source) : compiler.bundle(fileSet, entrypoint);
  }

  /** The project's environment (JSON): its secrets, then RUN402_* (which a secret cannot shadow). */
  private byte[] envJson(String projectId) {
    Map<String, String> env = new TreeMap<>(secrets.values(projectId));
    String[] k = keys.computeIfAbsent(projectId, id -> new String[] {projects.anonKey(id).orElse(""),
        projects.serviceKey(id).orElse("")});
    env.put("RUN402_API_BASE", apiBase);
    env.put("RUN402_PROJECT_ID", projectId);
    env.put("RUN402_ANON_KEY", k[0]);
    env.put("RUN402_SERVICE_KEY", k[1]);
    try {
      return json.writeValueAsBytes(env);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts a worker for the project ahead of its first call (done after a deploy). */
  public void warm(String projectId, int memoryMb) {
    pool.warm(new WorkerPool.Key(projectId, memoryMb));
  }

  public int liveWorkers(String projectId) {
    return pool.liveWorkers(projectId);
  }

  /** A project was deleted: stop its workers and forget its logs, schedules and files. */
  public void projectDeleted(String projectId) {
    pool.closeProject(projectId);
    scheduler.forgetProject(projectId);
    logs.forgetProject(projectId);
    keys.remove(projectId);
    envs.remove(projectId);
    live.keySet().removeIf(k -> k.startsWith(projectId + "/"));
    files.deleteProject(projectId);
  }

  /** Every project is gone (emulator reset). */
  public void reset() {
    pool.close();
    scheduler.clear();
    logs.clear();
    keys.clear();
    envs.clear();
    live.clear();
  }

  @Override
  public void close() {
    runWorker.close();
    scheduler.close();
    invoker.close();
    pool.close();
    logs.close(); // last: what the workers printed while stopping is written too
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}

package com.run402.local.runtime.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.Threads;
import com.run402.local.runtime.content.ContentStore;
import com.run402.local.runtime.db.Database;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.expose.ExposeService;
import com.run402.local.runtime.projects.Project;
import com.run402.local.runtime.secrets.Secrets;
import com.run402.local.runtime.sites.SiteUrls;
import com.run402.local.runtime.storage.ObjectStore;
import com.run402.local.runtime.subdomains.Subdomains;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The unified apply pipeline (api-contract 2.2) and legacy deployments over one release model. Deploy
 * operations run on two named threads that stop with the engine. Callers authorize; every method
 * here takes the project it acts on.
 */
public final class ApplyService implements AutoCloseable {
  private final ApplyStore store;
  private final Plans plans;
  private final Operations operations;
  private final ContentPlans content;
  private final ReleaseViews views;
  private final LegacyDeploys legacy;
  private final ExecutorService executor;

  public ApplyService(Database db, ContentStore cas, ObjectStore objects, ExposeService expose, Secrets secrets,
      Subdomains subdomains, ObjectMapper json, Clock clock, Clock wallClock, Duration statementTimeout,
      Consumer<String> schemaChanged, FunctionsHook functions) {
    this.executor = Executors.newFixedThreadPool(2, Threads.daemon("run402-apply", true));
    this.store = new ApplyStore(db.admin(), json);
    ReleaseComposer composer = new ReleaseComposer(json);
    ContentOwners owners = new ContentOwners(store, cas);
    Activator activator = new Activator(store, composer, new MigrationRunner(db.tenants(), cas, statementTimeout),
        expose, secrets, subdomains, objects, owners, json, clock, schemaChanged, functions);
    this.plans = new Plans(store, composer, activator, owners, secrets, subdomains, json, clock);
    this.operations = new Operations(store, activator, executor, json, clock, Duration.ofSeconds(20));
    this.content = new ContentPlans(store, cas, owners, objects, json, wallClock, clock);
    this.views = new ReleaseViews(store, json);
    this.legacy = new LegacyDeploys(activator, store, content, json, clock);
  }

  /** The project a plan body names ({@code spec.project_id}); 400 when malformed. */
  public static String specProject(JsonNode body) {
    return Plans.spec(body).get("project_id").asText();
  }

  public ObjectNode plan(Project p, JsonNode body, boolean dryRun, String apiBase) {
    return plans.plan(p, body, dryRun, apiBase);
  }

  /** The project id of a plan (404 when unknown). */
  public String planProject(String planId) {
    return store.plan(planId).map(ApplyStore.Plan::projectId).orElseThrow(() -> notFound("plan", planId));
  }

  public ObjectNode commit(Project p, String planId, SiteUrls urls) {
    ApplyStore.Plan plan = store.plan(planId).filter(x -> x.projectId().equals(p.id()))
        .orElseThrow(() -> notFound("plan", planId));
    return operations.commit(p, plan, urls);
  }

  public String operationProject(String opId) {
    return store.operation(opId).map(ApplyStore.Operation::projectId).orElseThrow(() -> notFound("operation", opId));
  }

  public ObjectNode operation(Project p, String opId, SiteUrls urls) {
    return operations.snapshot(store.operation(opId).filter(o -> o.projectId().equals(p.id()))
        .orElseThrow(() -> notFound("operation", opId)), p, urls, false);
  }

  public JsonNode operations(Project p, int limit, String cursor, SiteUrls urls) {
    return operations.list(p, limit, cursor, urls);
  }

  public ObjectNode events(Project p, String opId, int limit, long after) {
    operation(p, opId, new SiteUrls("http", 80));
    return operations.events(opId, limit, after);
  }

  public ObjectNode activeRelease(Project p, int siteLimit) {
    ApplyStore.Release r = store.active(p.id()).orElseThrow(() -> new ApiException(404, "release_not_found",
        "Project " + p.id() + " has no active release yet", java.util.Map.of("code", "NO_ACTIVE_RELEASE")));
    return views.inventory(p, r, siteLimit, "active");
  }

  public ObjectNode release(Project p, String releaseId, int siteLimit) {
    ApplyStore.Release r = ownRelease(p, releaseId);
    String active = store.activeId(p.id()).orElse(null);
    return views.inventory(p, r, siteLimit, r.id().equals(active) ? "active" : "superseded");
  }

  public ObjectNode diff(Project p, String from, String to, int limit) {
    ApplyStore.Release b = to == null || to.equals("active") ? store.active(p.id())
        .orElseThrow(() -> notFound("release", "active")) : ownRelease(p, to);
    ApplyStore.Release a = from == null || from.equals("empty") ? null
        : from.equals("active") ? store.active(p.id()).orElse(null) : ownRelease(p, from);
    return views.diff(p, a, b, limit);
  }

  public ObjectNode contentPlan(Project p, String serviceKey, JsonNode body, URI s3Base) {
    return content.plan(p, serviceKey, body, s3Base);
  }

  public ObjectNode contentCommit(Project p, String planId) {
    return content.commit(p, planId);
  }

  /** Legacy inline deployment; returns its release id. */
  public String deployLegacy(Project p, JsonNode body) {
    return legacy.deploy(p, body).id();
  }

  /** A release of any project (legacy GET /deployments/v1/:id, subdomain claims). */
  public Optional<ReleaseInfo> findRelease(String id) {
    return store.release(id).map(r -> new ReleaseInfo(r.id(), r.projectId(), r.siteFiles(), r.siteBytes(),
        r.createdAt(), r.manifest()));
  }

  /** The live release id of a project. */
  public Optional<String> activeReleaseId(String projectId) {
    return store.activeId(projectId);
  }

  /** What the site server needs of a release. */
  public record ReleaseInfo(String id, String projectId, int files, long bytes, java.time.Instant createdAt,
      ObjectNode manifest) {}

  /** Content-store gc: whether a release or open plan still names the digest. */
  public boolean references(String sha256) {
    return store.references(sha256);
  }

  private ApplyStore.Release ownRelease(Project p, String id) {
    return store.release(id).filter(r -> r.projectId().equals(p.id())).orElseThrow(() -> notFound("release", id));
  }

  private static ApiException notFound(String what, String id) {
    return new ApiException(404, what + "_not_found", "No " + what + " " + id + " in this project",
        java.util.Map.of("code", what.toUpperCase(java.util.Locale.ROOT) + "_NOT_FOUND"));
  }

  @Override
  public void close() {
    Threads.stop(executor, Duration.ofSeconds(10));
  }
}

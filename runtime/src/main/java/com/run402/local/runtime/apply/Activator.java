package com.run402.local.runtime.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.JsonDigest;
import com.run402.local.runtime.content.ContentRef;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.expose.ExposeService;
import com.run402.local.runtime.projects.Project;
import com.run402.local.runtime.secrets.Secrets;
import com.run402.local.runtime.storage.ObjectStore;
import com.run402.local.runtime.storage.PutRequest;
import com.run402.local.runtime.storage.StoredObject;
import com.run402.local.runtime.subdomains.Subdomains;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Turns a spec into the project's live release, one project at a time: compose over the live release,
 * check every named byte is stored, run new migrations (one transaction), apply the expose manifest,
 * then insert the immutable release and switch the live pointer (and subdomains) in one transaction.
 * Any failure before the switch leaves the previous release live.
 */
final class Activator {
  /** Progress callback: (status, event payload). */
  interface Progress {
    void step(String status, ObjectNode event);
  }

  private final ApplyStore store;
  private final ReleaseComposer composer;
  private final MigrationRunner migrations;
  private final ExposeService expose;
  private final Secrets secrets;
  private final Subdomains subdomains;
  private final ObjectStore objects;
  private final ContentOwners owners;
  private final ObjectMapper json;
  private final Clock clock;
  private final Consumer<String> schemaChanged;
  private final FunctionsHook functions;
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  Activator(ApplyStore store, ReleaseComposer composer, MigrationRunner migrations, ExposeService expose,
      Secrets secrets, Subdomains subdomains, ObjectStore objects, ContentOwners owners, ObjectMapper json, Clock clock,
      Consumer<String> schemaChanged, FunctionsHook functions) {
    this.store = store;
    this.composer = composer;
    this.migrations = migrations;
    this.expose = expose;
    this.secrets = secrets;
    this.subdomains = subdomains;
    this.objects = objects;
    this.owners = owners;
    this.json = json;
    this.clock = clock;
    this.schemaChanged = schemaChanged;
    this.functions = functions;
  }

  Map<String, String> applied(String projectId) {
    Map<String, String> out = new java.util.HashMap<>();
    store.appliedMigrations(projectId).forEach(a -> out.put(a.id(), a.checksum()));
    return out;
  }

  /** Activates {@code spec} as release {@code releaseId}; returns it. Throws {@link ApiException} or Failed. */
  ApplyStore.Release activate(Project p, JsonNode spec, String releaseId, String operationId, Progress progress) {
    ReentrantLock lock = locks.computeIfAbsent(p.id(), k -> new ReentrantLock());
    try {
      if (!lock.tryLock(120, TimeUnit.SECONDS)) {
        throw new ApiException(409, "base_release_conflict", "Another deploy of this project is still running",
            Map.of("code", "BASE_RELEASE_CONFLICT", "safe_to_retry", true));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "shutting_down", "The emulator is stopping");
    }
    try {
      ObjectNode base = store.active(p.id()).map(ApplyStore.Release::manifest).orElse(null);
      Composed c = composer.compose(base, spec, applied(p.id()));
      java.util.Set<String> present = owners.present(p.id(), c.refs().values().stream().map(WireRef::sha256).toList());
      for (WireRef r : c.refs().values()) {
        if (!present.contains(r.sha256())) {
          throw new ApiException(409, "content_missing", "Content " + r.sha256() + " (" + r.size()
              + " bytes) was never uploaded; upload it through POST /content/v1/plans first",
              Map.of("code", "CONTENT_MISSING", "sha256", r.sha256()));
        }
      }
      subdomains.requireAvailable(p.id(), iter(c.subdomainsAdded()));
      if (!c.newMigrations().isEmpty()) {
        progress.step("migrating", event("migrate", c.newMigrations().size()));
        try {
          migrations.run(p, c.newMigrations());
        } finally {
          schemaChanged.accept(p.id());
        }
        Instant now = clock.instant();
        for (Composed.Migration m : c.newMigrations()) {
          store.exec("INSERT INTO internal.applied_migrations (project_id, migration_id, checksum, release_id, "
              + "applied_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", p.id(), m.id(), m.checksum(), releaseId,
              ApplyStore.ts(now));
        }
      }
      if (c.expose() != null) {
        progress.step("schema_settling", event("expose", 1));
        try {
          expose.apply(p, c.expose());
        } finally {
          schemaChanged.accept(p.id());
        }
      }
      c.secretDeletes().forEach(k -> secrets.delete(p.id(), k));
      if (!c.manifest().path("functions").equals(base == null ? null : base.get("functions"))) {
        progress.step("activating", event("functions", c.manifest().path("functions").size()));
        functions.apply(p, base, c.manifest());
      }
      assets(p, c.assets());
      store.activateAttempt(operationId == null ? "-" : operationId, releaseId, clock.instant());
      progress.step("activating", event("activate", 1));
      Instant now = clock.instant();
      ApplyStore.Release r = new ApplyStore.Release(releaseId, p.id(), c.manifest(),
          JsonDigest.of(c.manifest()), operationId, c.siteFiles(), c.siteBytes(), now);
      try {
        store.insertAndActivate(r, now, tx -> subdomains.activate(tx, p.id(), releaseId, list(c.subdomainsAdded()),
            list(c.subdomainsRemoved()), now));
      } catch (SQLException e) {
        throw new IllegalStateException("activation failed: " + e.getMessage(), e);
      }
      return r;
    } finally {
      lock.unlock();
    }
  }

  private void assets(Project p, ObjectNode a) {
    if (a == null) {
      return;
    }
    for (JsonNode e : a.path("put")) {
      String visibility = e.path("visibility").asText("public");
      objects.bind(p.id(), new PutRequest(StoredObject.BLOBS, e.get("key").asText(), e.path("content_type").asText(null),
          visibility, e.path("immutable").asBoolean(true), e.has("metadata") ? e.get("metadata").toString() : null,
          null, null, Long.MAX_VALUE), new ContentRef(e.get("sha256").asText(), e.get("size_bytes").asLong()));
    }
    for (JsonNode k : a.path("delete")) {
      objects.delete(p.id(), StoredObject.BLOBS, k.asText());
    }
  }

  private ObjectNode event(String phase, int count) {
    ObjectNode o = json.createObjectNode();
    o.put("phase", phase);
    o.put("count", count);
    return o;
  }

  private static List<String> list(JsonNode arr) {
    List<String> out = new ArrayList<>();
    arr.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static Iterable<String> iter(JsonNode arr) {
    return list(arr);
  }

}

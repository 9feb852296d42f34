package com.run402.local.runtime.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.projects.Project;
import com.run402.local.runtime.sites.SiteUrls;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Commit and the deploy operation (api-contract 2.2 steps 4-5): the commit hands the operation to the
 * engine's executor and waits up to {@code commitWait} for it, so small deploys answer {@code ready}
 * at once and longer ones are polled through {@code GET /apply/v1/operations/:id}.
 */
final class Operations {
  private final ApplyStore store;
  private final Activator activator;
  private final ExecutorService executor;
  private final ObjectMapper json;
  private final Clock clock;
  private final Duration commitWait;

  Operations(ApplyStore store, Activator activator, ExecutorService executor, ObjectMapper json, Clock clock,
      Duration commitWait) {
    this.store = store;
    this.activator = activator;
    this.executor = executor;
    this.json = json;
    this.clock = clock;
    this.commitWait = commitWait;
  }

  ObjectNode commit(Project p, ApplyStore.Plan plan, SiteUrls urls) {
    if (plan.expiresAt().isBefore(clock.instant()) && plan.committedAt() == null) {
      throw new ApiException(410, "plan_expired", "Plan " + plan.id() + " expired at " + plan.expiresAt()
          + "; plan again", Map.of("code", "PLAN_EXPIRED", "safe_to_retry", true));
    }
    if (store.markCommitted(plan.id(), clock.instant())) {
      store.setStatus(plan.operationId(), "running", clock.instant());
      event(plan.operationId(), "commit.started", json.createObjectNode().put("plan_id", plan.id()));
      Future<?> f = executor.submit(() -> run(p, plan));
      try {
        f.get(commitWait.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // still running: the client polls the operation
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.ExecutionException e) {
        // run() records its own failure
      }
    }
    return snapshot(store.operation(plan.operationId()).orElseThrow(), p, urls, true);
  }

  private void run(Project p, ApplyStore.Plan plan) {
    String op = plan.operationId();
    String releaseId = Ids.next("rel");
    try {
      ApplyStore.Release r = activator.activate(p, plan.spec(), releaseId, op, (status, ev) -> {
        store.setStatus(op, status, clock.instant());
        event(op, "commit.phase", ev.put("status", "started"));
      });
      store.finish(op, "ready", r.id(), null, clock.instant());
      event(op, "ready", json.createObjectNode().put("release_id", r.id()));
    } catch (MigrationRunner.Failed e) {
      ObjectNode err = error("MIGRATION_FAILED", e.getMessage(), "migrate");
      err.with("details").put("migration_id", e.migrationId).put("sqlstate", e.sqlstate);
      fail(op, err);
    } catch (ApiException e) {
      ObjectNode err = error(String.valueOf(e.extra().getOrDefault("code", e.error().toUpperCase(java.util.Locale.ROOT))),
          e.getMessage(), "activate");
      err.put("status", e.status());
      fail(op, err);
    } catch (RuntimeException e) {
      fail(op, error("INTERNAL_ERROR", "Activation failed: " + e.getMessage(), "activate"));
    }
  }

  private ObjectNode error(String code, String message, String phase) {
    ObjectNode o = json.createObjectNode();
    o.put("code", code);
    o.put("message", message);
    o.put("phase", phase);
    o.put("retryable", false);
    o.put("safe_to_retry", false);
    return o;
  }

  private void fail(String op, ObjectNode err) {
    store.finish(op, "failed", null, err, clock.instant());
    event(op, "failed", err);
  }

  private void event(String op, String type, ObjectNode payload) {
    store.event(op, type, payload, clock.instant());
  }

  ObjectNode snapshot(ApplyStore.Operation o, Project p, SiteUrls urls, boolean commitShape) {
    ObjectNode s = json.createObjectNode();
    s.put("operation_id", o.id());
    s.put("project_id", o.projectId());
    s.put("plan_id", o.planId());
    s.put("status", o.status());
    s.put("base_release_id", o.baseReleaseId());
    s.put("target_release_id", o.targetReleaseId());
    s.put("release_id", o.releaseId());
    if (o.releaseId() != null) {
      s.set("urls", urls(p, o.releaseId(), urls));
    } else {
      s.putNull("urls");
    }
    s.putNull("payment_required");
    s.set("error", o.error());
    s.put("activate_attempts", o.activateAttempts());
    s.put("last_activate_attempt_at", o.lastActivateAttemptAt() == null ? null : o.lastActivateAttemptAt().toString());
    s.put("created_at", o.createdAt().toString());
    s.put("updated_at", o.updatedAt().toString());
    return s;
  }

  ObjectNode urls(Project p, String releaseId, SiteUrls urls) {
    ObjectNode u = json.createObjectNode();
    u.put("project", urls.project(p.publicId()));
    u.put("release", urls.release(releaseId));
    u.put("deployment_id", releaseId);
    return u;
  }

  ObjectNode events(String opId, int limit, long after) {
    ObjectNode out = json.createObjectNode();
    ArrayNode events = out.putArray("events");
    long last = after;
    for (ApplyStore.Event e : store.events(opId, after, limit)) {
      ObjectNode ev = events.addObject();
      ev.put("id", Long.toString(e.id()));
      ev.put("operation_id", opId);
      ev.put("type", e.type());
      ev.set("payload", e.payload());
      ev.put("created_at", e.at().toString());
      last = e.id();
    }
    if (events.size() == limit) {
      out.put("cursor", Long.toString(last));
    } else {
      out.putNull("cursor");
    }
    return out;
  }

  JsonNode list(Project p, int limit, String cursor, SiteUrls urls) {
    ObjectNode out = json.createObjectNode();
    ArrayNode ops = out.putArray("operations");
    String last = null;
    for (ApplyStore.Operation o : store.operations(p.id(), limit, cursor)) {
      ops.add(snapshot(o, p, urls, false));
      last = o.id();
    }
    out.put("cursor", ops.size() == limit ? last : null);
    return out;
  }
}

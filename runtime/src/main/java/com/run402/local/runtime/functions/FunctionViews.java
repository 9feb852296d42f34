package com.run402.local.runtime.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The JSON shapes of api-contract 2.3 / legacy-gateway 1.5. */
public final class FunctionViews {
  private final ObjectMapper json;

  public FunctionViews(ObjectMapper json) {
    this.json = json;
  }

  /** Deploy answer: {@code {name, url, status, runtime, timeout, memory, schedule, created_at, ...}}. */
  public ObjectNode deployed(FunctionDef f, String apiBase) {
    ObjectNode o = base(f, apiBase);
    o.put("status", "deployed");
    o.put("created_at", f.createdAt().toString());
    o.put("code_hash", f.codeHash());
    o.put("runtime_version", f.runtimeVersion());
    o.set("deps_resolved", resolved(f));
    return o;
  }

  /**
   * List entry: {@code {name, url, runtime, timeout, memory, schedule, schedule_meta, created_at, updated_at,
   * deps_resolved, runtime_version, runtime_current_version, runtime_stale}}; stale when the function was built
   * with another fingerprint than {@code current} (another run402-local version), which a rebuild fixes.
   */
  public ObjectNode listed(FunctionDef f, String apiBase, BuildInfo current) {
    ObjectNode o = base(f, apiBase);
    o.set("schedule_meta", meta(f));
    o.put("created_at", f.createdAt().toString());
    o.put("updated_at", f.updatedAt().toString());
    o.set("deps_resolved", resolved(f));
    o.put("runtime_version", f.runtimeVersion());
    o.put("runtime_current_version", current.runtimeVersion());
    o.put("runtime_stale", !current.fingerprint().equals(f.buildFingerprint()));
    return o;
  }

  /** Rebuild answer: {@code {name, rebuilt, old_fingerprint, new_fingerprint, runtime_version_before, ...}}. */
  public ObjectNode rebuilt(FunctionService.Rebuild r) {
    ObjectNode o = json.createObjectNode();
    o.put("name", r.after().name());
    o.put("rebuilt", true);
    o.put("old_fingerprint", r.before().buildFingerprint());
    o.put("new_fingerprint", r.after().buildFingerprint());
    o.put("runtime_version_before", r.before().runtimeVersion());
    o.put("runtime_version_after", r.after().runtimeVersion());
    o.put("code_hash", r.after().codeHash());
    return o;
  }

  /** A wallet's list entry ({@code GET /functions/v1}): {@code {name, project_id, url, created_at, updated_at}}. */
  public ObjectNode walletListed(WalletFunction f, String apiBase) {
    ObjectNode o = json.createObjectNode();
    o.put("name", f.name());
    o.put("project_id", f.projectId());
    o.put("url", apiBase + "/functions/v1/" + f.name());
    o.put("created_at", f.createdAt().toString());
    o.put("updated_at", f.updatedAt().toString());
    return o;
  }

  /** PATCH answer: {@code {name, runtime, timeout, memory, schedule, schedule_meta, updated_at}}. */
  public ObjectNode updated(FunctionDef f) {
    ObjectNode o = json.createObjectNode();
    o.put("name", f.name());
    o.put("runtime", f.runtime());
    o.put("timeout", f.timeoutSeconds());
    o.put("memory", f.memoryMb());
    o.put("schedule", f.schedule());
    o.set("schedule_meta", meta(f));
    o.put("updated_at", f.updatedAt().toString());
    o.putNull("runtime_version");
    return o;
  }

  public ObjectNode logs(List<FunctionLogs.Entry> entries) {
    ObjectNode o = json.createObjectNode();
    ArrayNode a = o.putArray("logs");
    for (FunctionLogs.Entry e : entries) {
      ObjectNode l = a.addObject();
      l.put("timestamp", java.time.Instant.ofEpochMilli(e.timestampMs()).toString());
      l.put("message", e.message());
      l.put("level", e.level());
      if (e.requestId() != null) {
        l.put("request_id", e.requestId());
      }
      l.put("ingestion_time", e.timestampMs());
    }
    return o;
  }

  private ObjectNode base(FunctionDef f, String apiBase) {
    ObjectNode o = json.createObjectNode();
    o.put("name", f.name());
    o.put("url", apiBase + "/functions/v1/" + f.name());
    o.put("runtime", f.runtime());
    o.put("timeout", f.timeoutSeconds());
    o.put("memory", f.memoryMb());
    o.put("schedule", f.schedule());
    return o;
  }

  private JsonNode meta(FunctionDef f) {
    try {
      return f.scheduleMetaJson() == null ? json.nullNode() : json.readTree(f.scheduleMetaJson());
    } catch (Exception e) {
      return json.nullNode();
    }
  }

  /** {@code deps_resolved}: dep name -> installed version ({@code {}} without deps), null when never recorded. */
  private JsonNode resolved(FunctionDef f) {
    if (f.depsResolved() == null) {
      return json.nullNode();
    }
    ObjectNode o = json.createObjectNode();
    f.depsResolved().forEach(o::put);
    return o;
  }
}

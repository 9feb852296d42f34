package com.run402.local.runtime.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * {@code FunctionRunHandle} (api-contract 2.3): {@code {run_id, function_name, event_type, status, terminal,
 * generation, run_at, expires_at?, source, attempts: {current, max, total, next_attempt_at?}, last_attempt,
 * last_error, created_at, updated_at, completed_at?, deduplicated?, next_actions}}. The documents name
 * {@code next_actions} without its shape; here it lists the run routes that apply ({@code cancel} while the run
 * can still change, {@code redrive} once it failed, was cancelled or expired) as {@code {action, method, path}}.
 */
public final class RunViews {
  private final ObjectMapper json;

  public RunViews(ObjectMapper json) {
    this.json = json;
  }

  public ObjectNode handle(FunctionRun r) {
    ObjectNode o = json.createObjectNode();
    o.put("run_id", r.runId());
    o.put("function_name", r.functionName());
    o.put("event_type", r.eventType());
    o.put("status", r.status());
    o.put("terminal", r.terminal());
    o.put("generation", r.generation());
    o.put("run_at", r.runAt().toString());
    if (r.expiresAt() != null) {
      o.put("expires_at", r.expiresAt().toString());
    }
    o.set("source", read(r.source()));
    ObjectNode a = o.putObject("attempts");
    a.put("current", r.attemptCurrent());
    a.put("max", r.maxAttempts());
    a.put("total", r.attemptsTotal());
    a.put("next_attempt_at", text(r.terminal() ? null : r.nextAttemptAt()));
    o.set("last_attempt", r.lastAttempt() == null ? json.nullNode() : read(r.lastAttempt()));
    o.set("last_error", r.lastError() == null ? json.nullNode() : read(r.lastError()));
    o.put("created_at", r.createdAt().toString());
    o.put("updated_at", r.updatedAt().toString());
    if (r.completedAt() != null) {
      o.put("completed_at", r.completedAt().toString());
    }
    ArrayNode next = o.putArray("next_actions");
    if (!r.terminal()) {
      action(next, "cancel", r);
    } else if (!r.status().equals("succeeded")) {
      action(next, "redrive", r);
    }
    return o;
  }

  public ObjectNode created(FunctionRuns.Created c) {
    ObjectNode o = handle(c.run());
    o.put("deduplicated", c.deduplicated());
    return o;
  }

  public ObjectNode page(FunctionRuns.Page page) {
    ObjectNode o = json.createObjectNode();
    ArrayNode runs = o.putArray("runs");
    page.runs().forEach(r -> runs.add(handle(r)));
    if (page.nextCursor() != null) {
      o.put("next_cursor", page.nextCursor());
    }
    return o;
  }

  private static void action(ArrayNode into, String action, FunctionRun r) {
    into.addObject().put("action", action).put("method", "POST")
        .put("path", "/functions/v1/runs/" + r.runId() + "/" + action);
  }

  private static String text(Instant i) {
    return i == null ? null : i.toString();
  }

  private JsonNode read(String text) {
    try {
      return json.readTree(text);
    } catch (Exception e) {
      return json.nullNode();
    }
  }
}

package com.run402.local.runtime.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.projects.Project;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One cron tick (legacy-gateway 6.5): {@code POST /functions/v1/<name>} with {@code x-run402-trigger: cron} and
 * {@code {"trigger":"cron","scheduled_at":ISO}}, then {@code schedule_meta} updated with the outcome.
 */
final class ScheduledRun {
  private final FunctionService functions;
  private final FunctionLogs logs;
  private final java.util.function.Function<String, java.util.Optional<Project>> projects;

  ScheduledRun(FunctionService functions, FunctionLogs logs,
      java.util.function.Function<String, java.util.Optional<Project>> projects) {
    this.functions = functions;
    this.logs = logs;
    this.projects = projects;
  }

  void run(String projectId, String name, Instant scheduledAt) {
    Project p = projects.apply(projectId).orElse(null);
    if (p == null || !functions.exists(projectId, name)) {
      return;
    }
    logs.add(projectId, name, "info", "Scheduled run (cron) for " + scheduledAt, null);
    byte[] body = ("{\"trigger\":\"cron\",\"scheduled_at\":\"" + scheduledAt + "\"}").getBytes(StandardCharsets.UTF_8);
    Invocation inv = new Invocation("POST", "/functions/v1/" + name, "", List.of(
        Map.entry("content-type", "application/json"), Map.entry("x-run402-trigger", "cron")),
        new ByteArrayInputStream(body));
    int status;
    String error = null;
    try {
      Invocation.Result r = functions.invoke(p, name, inv);
      try (InputStream in = r.body()) {
        in.readNBytes(1 << 20);
      }
      status = r.status();
    } catch (ApiException e) {
      status = e.status();
      error = e.getMessage();
    } catch (Exception e) {
      status = 0;
      error = e.getMessage();
    }
    logs.add(projectId, name, status >= 400 || status == 0 ? "error" : "info",
        "Scheduled run finished with status " + status + (error == null ? "" : ": " + error), null);
    record(projectId, name, status, error);
  }

  private void record(String projectId, String name, int status, String error) {
    functions.find(projectId, name).ifPresent(f -> {
      ObjectNode meta;
      try {
        JsonNode old = f.scheduleMetaJson() == null ? null : functions.json().readTree(f.scheduleMetaJson());
        meta = old instanceof ObjectNode o ? o : functions.json().createObjectNode();
      } catch (Exception e) {
        meta = functions.json().createObjectNode();
      }
      meta.put("last_run_at", functions.now().toString());
      meta.put("last_status", status);
      meta.put("run_count", meta.path("run_count").asInt(0) + 1);
      if (error == null) {
        meta.putNull("last_error");
      } else {
        meta.put("last_error", error);
      }
      ObjectNode m = meta;
      functions.nextRun(projectId, name).ifPresent(n -> m.put("next_run_at", n.toString()));
      functions.scheduleMeta(projectId, name, m.toString());
    });
  }
}

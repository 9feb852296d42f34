package com.run402.local.server.routes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.Versions;
import com.run402.local.server.Http;
import com.run402.local.server.Routes;
import java.time.Duration;
import java.time.Instant;

/** {@code GET /health}, {@code GET /health-humans} (legacy-gateway 1.1) and {@code GET /status} (api-contract 2.12). */
public final class HealthRoutes {
  private final Http http;
  private final Instant started = Instant.now();

  public HealthRoutes(Http http) {
    this.http = http;
  }

  public void register(Routes r) {
    r.add("GET", "/health", "ServiceRoutesIT, sdk-acceptance.test.mjs", ctx -> {
      boolean pg = http.engine().db().healthy();
      ObjectNode body = http.json().createObjectNode();
      body.put("status", pg ? "healthy" : "degraded");
      ObjectNode checks = body.putObject("checks");
      checks.put("postgres", pg ? "ok" : "error");
      checks.put("postgrest", pg ? "ok" : "error");
      body.put("version", Versions.emulator());
      body.put("emulator", "run402-local");
      http.json(ctx, pg ? 200 : 503, body);
    });
    r.add("GET", "/health-humans", "ServiceRoutesIT", ctx -> {
      boolean pg = http.engine().db().healthy();
      ctx.status(pg ? 200 : 503).contentType("text/html; charset=utf-8");
      ctx.result("<!doctype html><html><head><meta charset=\"utf-8\"><title>run402-local status</title></head><body>"
          + "<h1>run402-local is " + (pg ? "healthy" : "degraded") + "</h1><ul><li>PostgreSQL: " + (pg ? "ok" : "error")
          + "</li><li>Version: " + Versions.emulator() + "</li><li>Up for "
          + Duration.between(started, Instant.now()).toSeconds() + " s</li></ul><p><a href=\"/__local/parity\">"
          + "What this emulator serves (parity report)</a></p></body></html>");
    });
    r.add("GET", "/status", "ServiceRoutesIT, sdk-acceptance.test.mjs", ctx -> {
      ObjectNode body = http.json().createObjectNode();
      body.put("schema_version", "run402-status-v1");
      body.put("service", "run402-local");
      body.put("status", "operational");
      body.put("current_status", "operational");
      body.put("uptime_seconds", Duration.between(started, Instant.now()).toSeconds());
      body.putObject("deployment").put("version", Versions.emulator());
      ObjectNode caps = body.putObject("capabilities");
      caps.put("projects", true);
      caps.put("sql", true);
      caps.put("siwx", true);
      ObjectNode op = body.putObject("operator");
      op.put("name", "run402-local (local emulator)");
      op.put("legal_name", "run402-local");
      op.put("contact", "none: this server runs on your machine");
      body.putObject("availability").put("current", "operational");
      body.putObject("links").put("parity", http.apiBase(ctx) + "/__local/parity");
      http.json(ctx, 200, body);
    });
  }
}

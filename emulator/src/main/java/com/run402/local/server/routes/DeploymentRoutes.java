package com.run402.local.server.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.apply.ApplyService;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.projects.Project;
import com.run402.local.runtime.sites.SiteUrls;
import com.run402.local.runtime.subdomains.Subdomains;
import com.run402.local.server.Http;
import com.run402.local.server.Routes;
import io.javalin.http.Context;

/**
 * Legacy inline deployments (legacy-gateway 1.9), subdomains (1.10, api-contract 2.8) and secrets
 * (api-contract 2.4), over the release model of the apply pipeline.
 */
public final class DeploymentRoutes {
  private static final String PROOF = "DeploymentRoutesIT";
  private static final int DEPLOY_LIMIT = 52 * 1024 * 1024; // 50 MB of files plus JSON/base64 overhead headroom

  private final Http http;
  /** Jackson caps a JSON string at 20 MB by default; one inline file may be as large as the deployment. */
  private final com.fasterxml.jackson.databind.ObjectMapper deployJson;

  public DeploymentRoutes(Http http) {
    this.http = http;
    this.deployJson = http.json().copy();
    deployJson.getFactory().setStreamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
        .maxStringLength(DEPLOY_LIMIT).build());
  }

  public void register(Routes r) {
    r.partial("POST", "/deployments/v1", PROOF, "the wallet must own the project (production does not check)", ctx -> {
      JsonNode body = body(ctx, DEPLOY_LIMIT);
      if (!body.path("project").isTextual() || body.get("project").asText().isBlank()) {
        throw ApiException.badRequest("invalid_request", "Missing or invalid 'project' field (project ID required)");
      }
      Project p = http.engine().projects().owned(http.wallet(ctx), body.get("project").asText());
      http.engine().leases().requireWritable(p);
      String id = http.engine().apply().deployLegacy(p, body);
      SiteUrls urls = SiteUrls.of(http.apiBase(ctx));
      ObjectNode out = http.json().createObjectNode();
      out.put("deployment_id", id);
      out.put("url", urls.release(id));
      ArrayNode subs = http.json().createArrayNode();
      http.engine().subdomains().list(p.id()).forEach(s -> subs.add(urls.subdomain(s.name())));
      if (!subs.isEmpty()) {
        out.set("subdomain_urls", subs);
      }
      http.json(ctx, 201, out);
    });
    r.add("GET", "/deployments/v1/:id", PROOF, ctx -> {
      ApplyService.ReleaseInfo d = http.engine().apply().findRelease(ctx.pathParam("id"))
          .orElseThrow(() -> ApiException.notFound("deployment_not_found", "Deployment not found"));
      ObjectNode out = http.json().createObjectNode();
      out.put("id", d.id());
      out.put("name", d.projectId());
      out.put("url", SiteUrls.of(http.apiBase(ctx)).release(d.id()));
      out.put("project_id", d.projectId());
      out.put("status", "READY");
      out.put("created_at", d.createdAt().toString());
      out.put("files_count", d.files());
      out.put("total_size", d.bytes());
      http.json(ctx, 200, out);
    });
    r.add("POST", "/subdomains/v1", PROOF, ctx -> {
      Project p = service(ctx);
      http.engine().leases().requireWritable(p);
      JsonNode body = body(ctx, Http.JSON_LIMIT);
      if (!body.path("name").isTextual()) {
        throw ApiException.badRequest("invalid_request", "Missing or invalid 'name' field");
      }
      if (!body.path("deployment_id").isTextual()) {
        throw ApiException.badRequest("invalid_request", "Missing or invalid 'deployment_id' field");
      }
      String dep = body.get("deployment_id").asText();
      com.run402.local.runtime.subdomains.SubdomainNames.check(body.get("name").asText());
      http.engine().apply().findRelease(dep).filter(d -> d.projectId().equals(p.id()))
          .orElseThrow(() -> ApiException.notFound("not_found", "Deployment \"" + dep + "\" not found. Deploy your "
              + "site first with 'run402 deploy', then claim a subdomain."));
      Subdomains.Claim c = http.engine().subdomains().claim(p.id(), body.get("name").asText(), dep);
      http.json(ctx, 201, view(ctx, c));
    });
    r.add("GET", "/subdomains/v1", PROOF, ctx -> {
      Project p = service(ctx);
      ObjectNode out = http.json().createObjectNode();
      ArrayNode list = out.putArray("subdomains");
      http.engine().subdomains().list(p.id()).forEach(c -> list.add(view(ctx, c)));
      http.json(ctx, 200, out);
    });
    r.add("GET", "/subdomains/v1/:name", PROOF, ctx -> http.json(ctx, 200, view(ctx, http.engine().subdomains()
        .find(ctx.pathParam("name")).orElseThrow(() -> ApiException.notFound("subdomain_not_found", "Subdomain not found")))));
    r.add("DELETE", "/subdomains/v1/:name", PROOF, ctx -> {
      Project p = service(ctx);
      Subdomains.Claim c = http.engine().subdomains().release(p.id(), ctx.pathParam("name"));
      ObjectNode out = http.json().createObjectNode();
      out.put("status", "deleted");
      out.put("name", c.name());
      out.put("deployment_id", c.releaseId());
      out.put("project_id", c.projectId());
      out.put("deleted_at", http.engine().clock().instant().toString());
      http.json(ctx, 200, out);
    });
    r.add("POST", "/projects/v1/admin/:id/secrets", PROOF, ctx -> {
      Project p = http.engine().projectAuth().requireServiceKey(ctx.header("Authorization"), ctx.pathParam("id"));
      http.engine().leases().requireWritable(p);
      JsonNode body = body(ctx, Http.JSON_LIMIT);
      com.run402.local.runtime.tiers.Tier tier = com.run402.local.runtime.tiers.Tier.parse(p.tier())
          .orElse(com.run402.local.runtime.tiers.Tier.PROTOTYPE);
      java.util.Set<String> keys = http.engine().secrets().keys(p.id());
      if (body.path("key").isTextual() && !keys.contains(body.get("key").asText()) && keys.size() >= tier.maxSecrets()) {
        throw ApiException.forbidden("secrets_limit", "Secrets limit reached (" + tier.maxSecrets()
            + " for your tier). Delete a secret first.");
      }
      http.engine().secrets().set(p.id(), body.path("key").asText(null), body.path("value").isTextual()
          ? body.get("value").asText() : null);
      http.json(ctx, 200, http.json().createObjectNode().put("status", "ok").put("key", body.get("key").asText()));
    });
    r.add("GET", "/projects/v1/admin/:id/secrets", PROOF, ctx -> {
      Project p = http.engine().projectAuth().requireServiceKey(ctx.header("Authorization"), ctx.pathParam("id"));
      ObjectNode out = http.json().createObjectNode();
      ArrayNode list = out.putArray("secrets");
      http.engine().secrets().list(p.id()).forEach(e -> list.addObject().put("key", e.key())
          .put("created_at", e.createdAt().toString()).put("updated_at", e.updatedAt().toString())
          .put("value_hash", e.valueHash()));
      http.json(ctx, 200, out);
    });
    r.add("DELETE", "/projects/v1/admin/:id/secrets/:key", PROOF, ctx -> {
      Project p = http.engine().projectAuth().requireServiceKey(ctx.header("Authorization"), ctx.pathParam("id"));
      http.engine().leases().requireWritable(p);
      if (!http.engine().secrets().delete(p.id(), ctx.pathParam("key"))) {
        throw ApiException.notFound("not_found", "Secret not found");
      }
      http.json(ctx, 200, http.json().createObjectNode().put("status", "deleted").put("key", ctx.pathParam("key")));
    });
  }

  private ObjectNode view(Context ctx, Subdomains.Claim c) {
    SiteUrls urls = SiteUrls.of(http.apiBase(ctx));
    ObjectNode o = http.json().createObjectNode();
    o.put("name", c.name());
    o.put("deployment_id", c.releaseId());
    o.put("url", urls.subdomain(c.name()));
    o.put("deployment_url", urls.release(c.releaseId()));
    o.put("project_id", c.projectId());
    o.put("created_at", c.createdAt().toString());
    o.put("updated_at", c.updatedAt().toString());
    return o;
  }

  /** SVC: {@code Authorization: Bearer <service_key>} names the project. */
  private Project service(Context ctx) {
    return http.engine().projectAuth().requireServiceKey(ctx.header("Authorization"), null);
  }

  private JsonNode body(Context ctx, int limit) {
    String text = http.text(ctx, limit);
    try {
      JsonNode n = text.isBlank() ? null : (limit > Http.JSON_LIMIT ? deployJson : http.json()).readTree(text);
      if (n == null || !n.isObject()) {
        throw ApiException.badRequest("invalid_json", "Requires a JSON object body");
      }
      return n;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ApiException.badRequest("invalid_json", "Invalid JSON in request body");
    }
  }
}

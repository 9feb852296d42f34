package com.run402.local.runtime.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.content.ContentRef;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.projects.Project;
import com.run402.local.runtime.sites.Mime;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;

/**
 * Legacy inline deployments ({@code POST /deployments/v1}, legacy-gateway 1.9): the files are stored
 * in the content store and become a release (site replace, or patch over the latest release with
 * {@code inherit}) that is activated at once, so the project URL and its subdomains serve it.
 */
final class LegacyDeploys {
  private final Activator activator;
  private final ApplyStore store;
  private final ContentPlans content;
  private final ObjectMapper json;
  private final Clock clock;

  LegacyDeploys(Activator activator, ApplyStore store, ContentPlans content, ObjectMapper json, Clock clock) {
    this.activator = activator;
    this.store = store;
    this.content = content;
    this.json = json;
    this.clock = clock;
  }

  /** Validates production's way (messages of legacy-gateway 1.9), then deploys; returns the release. */
  ApplyStore.Release deploy(Project p, JsonNode body) {
    JsonNode files = body.get("files");
    boolean inherit = body.path("inherit").asBoolean(false);
    if (files == null || !files.isArray() || (files.isEmpty() && !inherit)) {
      throw ApiException.badRequest("invalid_request", "Missing or empty 'files' array");
    }
    ObjectNode map = json.createObjectNode();
    long total = 0;
    for (JsonNode f : files) {
      if (!f.path("file").isTextual() || f.get("file").asText().isEmpty()) {
        throw ApiException.badRequest("invalid_request", "Each file must have a 'file' (path) field");
      }
      String name = f.get("file").asText();
      if (!f.path("data").isTextual()) {
        throw ApiException.badRequest("invalid_request", "File '" + name + "' is missing 'data' field");
      }
      String enc = f.path("encoding").asText("utf-8");
      byte[] bytes;
      if (enc.equals("utf-8")) {
        bytes = f.get("data").asText().getBytes(StandardCharsets.UTF_8);
      } else if (enc.equals("base64")) {
        try {
          bytes = Base64.getMimeDecoder().decode(f.get("data").asText());
        } catch (IllegalArgumentException e) {
          throw ApiException.badRequest("invalid_request", "File '" + name + "' has invalid base64 data");
        }
      } else {
        throw ApiException.badRequest("invalid_request", "File '" + name
            + "' has invalid encoding (must be 'utf-8' or 'base64')");
      }
      String path = SitePath.normalize(name, "files");
      total += bytes.length;
      if (total > ReleaseComposer.SITE_LIMIT) {
        throw new ApiException(413, "payload_too_large", "A deployment may hold at most 50 MB");
      }
      ContentRef ref = content.putInline(p.id(), bytes);
      map.putObject(path).put("sha256", ref.sha256()).put("size", ref.size()).put("content_type", Mime.of(path));
    }
    ObjectNode spec = json.createObjectNode();
    spec.put("project_id", p.id());
    ObjectNode site = spec.putObject("site");
    if (inherit) {
      site.putObject("patch").set("put", map);
    } else {
      site.set("replace", map);
    }
    String id = Ids.deployment(clock.millis());
    return activator.activate(p, spec, id, null, (s, e) -> { });
  }
}

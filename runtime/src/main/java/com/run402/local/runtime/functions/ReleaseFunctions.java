package com.run402.local.runtime.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.runtime.content.ContentStore;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.projects.Project;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The functions of an apply release (api-contract 2.2 {@code functions.replace|patch}) made live: every new or
 * changed entry is deployed from its content-addressed source, every entry the release dropped is deleted.
 * Runs before the release switch, so a function that fails to compile fails the apply.
 */
public final class ReleaseFunctions {
  private final FunctionService functions;
  private final ContentStore content;

  public ReleaseFunctions(FunctionService functions, ContentStore content) {
    this.functions = functions;
    this.content = content;
  }

  public void apply(Project p, JsonNode before, JsonNode after) {
    JsonNode old = before == null ? null : before.get("functions");
    JsonNode now = after.path("functions");
    List<Runnable> deploys = new ArrayList<>();
    now.fields().forEachRemaining(e -> {
      JsonNode prev = old == null ? null : old.get(e.getKey());
      if (prev == null || !prev.equals(e.getValue()) || functions.find(p.id(), e.getKey()).isEmpty()) {
        DeployRequest req = request(e.getKey(), e.getValue());
        deploys.add(() -> functions.deploy(p, req));
      }
    });
    deploys.forEach(Runnable::run);
    if (old != null) {
      old.fieldNames().forEachRemaining(n -> {
        if (!now.has(n) && functions.find(p.id(), n).isPresent()) {
          functions.delete(p.id(), n);
        }
      });
    }
  }

  private DeployRequest request(String name, JsonNode fn) {
    Map<String, byte[]> files = null;
    String entrypoint = null;
    String source;
    if (fn.hasNonNull("files")) {
      entrypoint = fn.path("entrypoint").asText(); // present and among the files: checked when the plan was made
      files = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = fn.get("files").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        files.put(f.getKey(), bytes(name, f.getValue().path("sha256").asText()));
      }
      source = new String(files.get(entrypoint), StandardCharsets.UTF_8);
    } else {
      source = new String(bytes(name, fn.path("source").path("sha256").asText()), StandardCharsets.UTF_8);
    }
    JsonNode cfg = fn.path("config");
    List<String> deps = new ArrayList<>();
    fn.path("deps").forEach(d -> deps.add(d.asText()));
    if (fn.has("deps") && !fn.get("deps").isArray()) {
      throw ApiException.badRequest("invalid_deps", "Function '" + name + "': 'deps' must be an array of package names");
    }
    JsonNode sched = fn.get("schedule");
    if (sched != null && !sched.isNull() && !sched.isTextual()) {
      throw ApiException.badRequest("invalid_schedule", "Function '" + name + "': 'schedule' must be a cron expression string");
    }
    return new DeployRequest(name, source, cfg.hasNonNull("timeout_seconds") ? cfg.get("timeout_seconds").asInt() : null,
        cfg.hasNonNull("memory_mb") ? cfg.get("memory_mb").asInt() : null, deps, sched != null,
        sched == null || sched.isNull() ? null : sched.asText(), files, entrypoint);
  }

  private byte[] bytes(String name, String sha) {
    try (InputStream in = content.open(sha)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new ApiException(409, "content_missing", "Function '" + name + "': content " + sha + " was never uploaded");
    }
  }
}

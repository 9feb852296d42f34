package com.run402.local.runtime.sites;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.runtime.apply.ApplyService;
import com.run402.local.runtime.db.Jdbc;
import com.run402.local.runtime.subdomains.Subdomains;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * Host label -> release -> file (legacy-gateway 7.4 path mapping): {@code /} and extension-less paths
 * fall back to {@code index.html} (SPA), a path ending in {@code /} tries its {@code index.html},
 * static routes of the release map patterns to files. Releases are immutable, so their manifests are
 * cached (LRU, 256).
 */
public final class SiteResolver {
  /** A file to serve, or a 404 (file null) with the reason. */
  public record Resolved(String releaseId, String path, String sha256, long size, String contentType,
      String notFound) {}

  private final DataSource ds;
  private final ApplyService apply;
  private final Subdomains subdomains;
  private final Predicate<String> projectServing;
  private final Map<String, JsonNode> manifests = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, JsonNode> e) {
      return size() > 256;
    }
  });

  public SiteResolver(DataSource ds, ApplyService apply, Subdomains subdomains, Predicate<String> projectServing) {
    this.ds = ds;
    this.apply = apply;
    this.subdomains = subdomains;
    this.projectServing = projectServing;
  }

  /** The release a host label serves, or a 404 message. */
  public Resolved resolve(String label, String rawPath) {
    String releaseId;
    if (label.startsWith(SiteUrls.PROJECT_PREFIX)) {
      String publicId = label.substring(SiteUrls.PROJECT_PREFIX.length());
      Optional<String> pid = query("SELECT id FROM internal.projects WHERE public_id = ?", publicId);
      if (pid.isEmpty() || !projectServing.test(pid.get())) {
        return missing("Project site not found.");
      }
      Optional<String> rel = apply.activeReleaseId(pid.get());
      if (rel.isEmpty()) {
        return missing("Nothing is deployed to this project yet.");
      }
      releaseId = rel.get();
    } else if (label.matches("(rel|dpl)-[0-9a-z-]+")) {
      releaseId = label.replace('-', '_');
      if (apply.findRelease(releaseId).map(r -> projectServing.test(r.projectId())).orElse(false) == Boolean.FALSE) {
        return missing("Deployment not found.");
      }
    } else {
      Optional<Subdomains.Claim> c = subdomains.find(label);
      if (c.isEmpty() || !projectServing.test(c.get().projectId())) {
        return missing("Subdomain <strong>" + escape(label) + "</strong> is not configured.");
      }
      releaseId = c.get().releaseId();
    }
    JsonNode m = manifests.computeIfAbsent(releaseId, id -> apply.findRelease(id).map(r -> (JsonNode) r.manifest())
        .orElse(null));
    if (m == null) {
      return missing("Deployment not found.");
    }
    return file(releaseId, m, rawPath);
  }

  private Resolved file(String releaseId, JsonNode m, String rawPath) {
    JsonNode files = m.get("site").get("files");
    String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
    String target = route(m.get("routes"), "/" + path);
    if (target == null) {
      if (path.isEmpty()) {
        target = "index.html";
      } else if (files.has(path)) {
        target = path;
      } else if (path.endsWith("/") && files.has(path + "index.html")) {
        target = path + "index.html";
      } else {
        String last = path.substring(path.lastIndexOf('/') + 1);
        target = last.contains(".") ? path : "index.html";
      }
    }
    JsonNode f = files.get(target);
    if (f == null) {
      return new Resolved(releaseId, target, null, 0, null, "File not found.");
    }
    return new Resolved(releaseId, target, f.get("sha256").asText(), f.get("size").asLong(),
        Mime.forServing(target, f.path("content_type").asText(null)), null);
  }

  /** A static route's file for the path: exact pattern or a {@code /prefix/*} pattern. */
  private static String route(JsonNode routes, String path) {
    if (routes == null || !routes.isArray()) {
      return null;
    }
    for (JsonNode r : routes) {
      String p = r.path("pattern").asText();
      boolean match = p.endsWith("/*") ? path.startsWith(p.substring(0, p.length() - 1)) : p.equals(path);
      if (match && "static".equals(r.path("target").path("type").asText())) {
        String file = r.path("target").path("file").asText();
        return file.startsWith("/") ? file.substring(1) : file;
      }
    }
    return null;
  }

  /** The 404 page of a release, if it has one. */
  public Optional<Resolved> notFoundPage(String releaseId) {
    JsonNode m = manifests.get(releaseId);
    JsonNode f = m == null ? null : m.get("site").get("files").get("404.html");
    return f == null ? Optional.empty() : Optional.of(new Resolved(releaseId, "404.html", f.get("sha256").asText(),
        f.get("size").asLong(), "text/html; charset=utf-8", null));
  }

  private static Resolved missing(String message) {
    return new Resolved(null, null, null, 0, null, message);
  }

  private Optional<String> query(String sql, String arg) {
    try {
      return Jdbc.query(ds, sql, rs -> rs.getString(1), arg).stream().findFirst();
    } catch (SQLException e) {
      throw new IllegalStateException("site lookup failed: " + e.getMessage(), e);
    }
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}

package com.run402.local.runtime.projects;

import com.run402.local.runtime.error.ApiException;
import java.util.function.Predicate;

/**
 * Project-key checks of the service-key routes, with production's messages (legacy-gateway 2.2 and
 * 1.4): the key must be ours, unrevoked, of role service_role, for a live project, and for the
 * project named in the path. A project whose lease lifecycle has left the serving states (archived)
 * answers as production's inactive projects do.
 */
public final class ProjectAuth {
  private final ProjectService projects;
  private final Predicate<Project> serving;

  public ProjectAuth(ProjectService projects, Predicate<Project> serving) {
    this.projects = projects;
    this.serving = serving;
  }

  /**
   * The service key of any project as {@code Authorization: Bearer}, or failing that as {@code apikey} (how code
   * inside functions sends it on some routes).
   */
  public Project requireServiceKeyOrApikey(String authorization, String apikey) {
    boolean bearer = authorization != null && !authorization.isBlank();
    return requireServiceKey(bearer || apikey == null ? authorization : "Bearer " + apikey, null);
  }

  /** {@code Authorization: Bearer <service_key>} for project {@code pathProjectId} (null: any). */
  public Project requireServiceKey(String authorization, String pathProjectId) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        || authorization.substring(7).isBlank()) {
      throw ApiException.unauthorized("unauthorized", "Missing Bearer token");
    }
    String token = authorization.substring(7).trim();
    ProjectKeys.Verified v = projects.keys().verify(token)
        .orElseThrow(() -> ApiException.unauthorized("unauthorized", "Invalid token"));
    if (!"service_role".equals(v.role())) {
      throw ApiException.forbidden("forbidden", "Requires service_role key");
    }
    Project p = projects.find(v.projectId())
        .filter(x -> projects.keyIsLive(x.id(), v.keyId()))
        .filter(serving)
        .orElseThrow(() -> ApiException.notFound("project_not_found", "Project not found or inactive"));
    if (pathProjectId != null && !pathProjectId.equals(p.id())) {
      throw ApiException.forbidden("forbidden", "Token project_id mismatch");
    }
    return p;
  }
}

package com.run402.local.runtime.projects;

import com.run402.local.runtime.error.ApiException;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Production's {@code apikeyAuth} middleware ("AK", legacy-gateway 2.2): the {@code apikey} header
 * must be a valid JWT of a live project, of any role (anon key, service key or a user's access
 * token). The project of the request is the one the apikey names, and it must be in a serving
 * state (not archived).
 */
public final class ApikeyAuth {
  private final ProjectService projects;
  private final ProjectTokens tokens;
  private final Predicate<Project> serving;

  public ApikeyAuth(ProjectService projects, ProjectTokens tokens, Predicate<Project> serving) {
    this.projects = projects;
    this.tokens = tokens;
    this.serving = serving;
  }

  /** The verified apikey: its project and claims. */
  public record Caller(Project project, Map<String, Object> claims) {
    public String role() {
      return (String) claims.get("role");
    }
  }

  /** Checks the apikey header value; errors in production's wording. */
  public Caller require(String apikey) {
    if (apikey == null || apikey.isBlank()) {
      throw ApiException.unauthorized("unauthorized", "Missing apikey header");
    }
    Map<String, Object> claims;
    try {
      claims = tokens.verify(apikey.trim());
    } catch (ProjectTokens.Invalid e) {
      if (e.failure() == ProjectTokens.Failure.NO_PROJECT) {
        throw notFound();
      }
      throw ApiException.unauthorized("unauthorized", "Invalid apikey");
    }
    // Looked up again: the project may have been deleted since the token was checked.
    Project p = projects.find((String) claims.get("project_id")).filter(serving).orElseThrow(ApikeyAuth::notFound);
    return new Caller(p, claims);
  }

  private static ApiException notFound() {
    return ApiException.notFound("project_not_found", "Project not found or inactive");
  }
}

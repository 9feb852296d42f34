package com.run402.local.runtime.restproject;

import com.run402.local.runtime.projects.ProjectTokens;
import com.run402.local.runtime.rest.RestError;
import com.run402.local.runtime.rest.RestOptions;
import java.util.Map;

/**
 * The REST engine's token check for one project: a valid project JWT (see {@link ProjectTokens})
 * whose {@code project_id} is this project. Refusals are PostgREST's 401s: PGRST303 for claims
 * (expired, other project), PGRST301 for anything that does not verify.
 */
final class ProjectJwt implements RestOptions.JwtVerifier {
  private final ProjectTokens tokens;
  private final String projectId;

  ProjectJwt(ProjectTokens tokens, String projectId) {
    this.tokens = tokens;
    this.projectId = projectId;
  }

  @Override
  public Map<String, Object> verify(String token) {
    Map<String, Object> claims;
    try {
      claims = tokens.verify(token);
    } catch (ProjectTokens.Invalid e) {
      boolean claimsFailure = e.failure() == ProjectTokens.Failure.EXPIRED || e.failure() == ProjectTokens.Failure.CLAIMS;
      throw new RestError(401, claimsFailure ? "PGRST303" : "PGRST301", e.getMessage());
    }
    if (!projectId.equals(claims.get("project_id"))) {
      // Production's pre-request check answers this (legacy-gateway 5.7) with the same words.
      throw new RestError(401, "PGRST303", "JWT project_id does not match accessed schema", null,
          "Check your API key and project configuration");
    }
    return claims;
  }
}

package com.run402.local.runtime.restproject;

import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.projects.ApikeyAuth;
import com.run402.local.runtime.projects.Project;
import com.run402.local.runtime.projects.ProjectAuth;
import com.run402.local.runtime.projects.ProjectTokens;
import java.util.Locale;
import java.util.Map;

/**
 * Who may call a project's REST API, decided before the engine runs, in the gateway's envelope.
 * {@code /rest/v1}: the apikey picks the project (AK middleware); the token is the Bearer, else
 * the apikey; a service_role token is refused, as in production. {@code /admin/v1/rest}: a
 * service key of the project (Bearer, else apikey). The engine then verifies the token again
 * against the project, so a Bearer of another project is a PostgREST 401.
 */
public final class RestAccess {
  private final ApikeyAuth apikeys;
  private final ProjectAuth serviceKeys;
  private final ProjectTokens tokens;

  public RestAccess(ApikeyAuth apikeys, ProjectAuth serviceKeys, ProjectTokens tokens) {
    this.apikeys = apikeys;
    this.serviceKeys = serviceKeys;
    this.tokens = tokens;
  }

  /** The project a request is for and the bearer token the engine is to see. */
  public record Grant(Project project, String token) {}

  /** Step one of {@code /rest/v1}: the apikey (production meters right after this). */
  public ApikeyAuth.Caller apikey(String apikey) {
    return apikeys.require(apikey);
  }

  /** Step two of {@code /rest/v1}: the token to run as; service keys are sent to the admin path. */
  public Grant publicToken(ApikeyAuth.Caller caller, String authorization, String apikey) {
    String token = bearer(authorization);
    if (token == null) {
      token = apikey.trim();
    }
    if ("service_role".equals(roleOf(token))) {
      throw ApiException.forbidden("forbidden", "The service_role key is not accepted on /rest/v1; "
          + "send service-key requests to /admin/v1/rest instead");
    }
    return new Grant(caller.project(), token);
  }

  /** {@code /admin/v1/rest}: a live service key, as the Bearer, the apikey, or both (same project). */
  public Grant admin(String authorization, String apikey) {
    String token = bearer(authorization);
    boolean hasApikey = apikey != null && !apikey.isBlank();
    if (token == null && hasApikey) {
      token = apikey.trim();
    }
    Project p = serviceKeys.requireServiceKey(token == null ? null : "Bearer " + token, null);
    if (hasApikey && !apikey.trim().equals(token)) {
      Project other = apikeys.require(apikey).project();
      if (!other.id().equals(p.id())) {
        throw ApiException.forbidden("forbidden", "Token project_id mismatch");
      }
    }
    return new Grant(p, token);
  }

  /** The role claim of a token that verifies, else null (the engine reports the bad token). */
  private String roleOf(String token) {
    try {
      Map<String, Object> claims = tokens.verify(token);
      return (String) claims.get("role");
    } catch (ProjectTokens.Invalid e) {
      return null;
    }
  }

  /** The token of {@code Authorization: Bearer <token>}, or null for no (or another scheme of) header. */
  static String bearer(String authorization) {
    if (authorization == null) {
      return null;
    }
    String a = authorization.trim();
    if (!a.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
      return null;
    }
    String t = a.substring(7).trim();
    return t.isEmpty() ? null : t;
  }
}

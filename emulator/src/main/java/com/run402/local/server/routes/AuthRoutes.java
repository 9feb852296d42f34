package com.run402.local.server.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.projects.ApikeyAuth;
import com.run402.local.runtime.projects.Project;
import com.run402.local.runtime.projects.ProjectTokens;
import com.run402.local.server.Http;
import com.run402.local.server.Routes;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * End-user auth of a project ({@code /auth/v1}, legacy-gateway 1.7), admin promotion (1.5) and
 * the JWKS of user access tokens (api-contract 4.4). Every {@code /auth/v1} route sits behind the
 * apikey, which names the project. Magic links and email codes are built (mail lands in the mail
 * catcher); passkeys and Google sign-in are not: their catalogued routes fall through to 501 not_emulated.
 */
public final class AuthRoutes {
  private static final String PROOF = "AuthRoutesIT, auth-acceptance.test.mjs";
  private static final String MAGIC_PROOF = "MagicLinkRoutesIT, magic-link-acceptance.test.mjs";
  private static final Set<String> NOT_EMULATED_GRANTS = Set.of("authorization_code");

  private final Http http;

  public AuthRoutes(Http http) {
    this.http = http;
  }

  public void register(Routes r) {
    r.add("POST", "/auth/v1/signup", PROOF, ctx -> {
      ApikeyAuth.Caller caller = apikey(ctx);
      ok(ctx, 201, http.engine().userAuth().signup(caller.project(), "service_role".equals(caller.role()),
          http.jsonBody(ctx), ctx.ip()));
    });
    r.partial("POST", "/auth/v1/token", PROOF + ", " + MAGIC_PROOF, "grant_type password, refresh_token, magic_link "
        + "and email_code; authorization_code (Google) answers 501 not_emulated", this::token);
    r.add("POST", "/auth/v1/magic-link", MAGIC_PROOF, ctx -> {
      ApikeyAuth.Caller caller = apikey(ctx);
      ok(ctx, 200, http.engine().magicLinks().request(caller.project(), holdsServiceKey(ctx, caller), http.jsonBody(ctx)));
    });
    r.add("GET", "/auth/v1/user", PROOF, ctx -> {
      Project p = apikey(ctx).project();
      ok(ctx, 200, http.engine().userAuth().user(p, userId(ctx, p, Set.of("authenticated"))));
    });
    r.add("POST", "/auth/v1/logout", PROOF,
        ctx -> ok(ctx, 200, http.engine().userAuth().logout(apikey(ctx).project(), http.jsonBody(ctx))));
    r.add("PUT", "/auth/v1/user/password", PROOF, this::password);
    r.add("POST", "/auth/v1/user/password", PROOF, this::password);
    r.add("PATCH", "/auth/v1/settings", PROOF, ctx -> {
      Project p = serviceCaller(ctx, "Service key required to update auth settings");
      ok(ctx, 200, http.engine().userAdmin().patchSettings(p, http.jsonBody(ctx)));
    });
    r.add("GET", "/auth/v1/providers", PROOF + ", " + MAGIC_PROOF,
        ctx -> ok(ctx, 200, http.engine().userAdmin().providers(apikey(ctx).project())));
    r.add("POST", "/auth/v1/admin/users", PROOF + ", " + MAGIC_PROOF, ctx -> {
      Project p = serviceCaller(ctx, "Service key required to create users");
      ok(ctx, 200, http.engine().userAdmin().createUser(p, http.jsonBody(ctx)));
    });
    r.add("POST", "/projects/v1/admin/:id/promote-user", PROOF, ctx -> promote(ctx, true));
    r.add("POST", "/projects/v1/admin/:id/demote-user", PROOF, ctx -> promote(ctx, false));
    r.add("GET", "/internal/v1/project-jwt-keys", PROOF, ctx -> {
      Project p = http.engine().projectAuth().requireServiceKey(ctx.header("Authorization"), null);
      ok(ctx, 200, http.engine().userAdmin().jwks(p));
    });
  }

  private void token(Context ctx) {
    Project p = apikey(ctx).project();
    String grant = ctx.queryParam("grant_type");
    if (grant != null && NOT_EMULATED_GRANTS.contains(grant)) {
      throw new ApiException(501, "not_emulated", "POST /auth/v1/token?grant_type=" + grant
          + " is not emulated by run402-local yet", Map.of("route", "POST /auth/v1/token"));
    }
    JsonNode body = http.jsonBody(ctx);
    if ("magic_link".equals(grant)) {
      ok(ctx, 200, http.engine().magicLinks().verifyLink(p, body));
    } else if ("email_code".equals(grant)) {
      ok(ctx, 200, http.engine().magicLinks().verifyCode(p, body));
    } else if ("refresh_token".equals(grant)) {
      ok(ctx, 200, http.engine().userAuth().refreshGrant(p, body));
    } else {
      ok(ctx, 200, http.engine().userAuth().passwordGrant(p, body, ctx.ip()));
    }
  }

  private void password(Context ctx) {
    Project p = apikey(ctx).project();
    UUID user = userId(ctx, p, Set.of("authenticated", "project_admin"));
    ok(ctx, 200, http.engine().userAuth().changePassword(p, user, http.jsonBody(ctx)));
  }

  private void promote(Context ctx, boolean admin) {
    Project p = http.engine().projectAuth().requireServiceKey(ctx.header("Authorization"), ctx.pathParam("id"));
    http.json(ctx, 200, http.engine().userAdmin().setAdmin(p, http.jsonBody(ctx), admin));
  }

  private ApikeyAuth.Caller apikey(Context ctx) {
    return http.engine().restAccess().apikey(ctx.header("apikey"));
  }

  /** The apikey's project when the caller holds its service key (as the apikey or as the Bearer). */
  private Project serviceCaller(Context ctx, String refusal) {
    ApikeyAuth.Caller caller = apikey(ctx);
    if (holdsServiceKey(ctx, caller)) {
      return caller.project();
    }
    throw ApiException.forbidden("forbidden", refusal);
  }

  /** True when the apikey, or the Bearer, is the service key of the apikey's project. */
  private boolean holdsServiceKey(Context ctx, ApikeyAuth.Caller caller) {
    if ("service_role".equals(caller.role())) {
      return true;
    }
    String bearer = bearer(ctx);
    if (bearer == null) {
      return false;
    }
    try {
      Map<String, Object> claims = http.engine().tokens().verify(bearer);
      return "service_role".equals(claims.get("role")) && caller.project().id().equals(claims.get("project_id"));
    } catch (ProjectTokens.Invalid e) {
      return false;
    }
  }

  /** The user id of the Bearer access token, checked as production checks it (legacy-gateway 1.7). */
  private UUID userId(Context ctx, Project p, Set<String> roles) {
    String token = bearer(ctx);
    if (token == null) {
      throw ApiException.unauthorized("unauthorized", "Missing Bearer token");
    }
    Map<String, Object> claims;
    try {
      claims = http.engine().tokens().verify(token);
    } catch (ProjectTokens.Invalid e) {
      throw ApiException.unauthorized("invalid_token", "Invalid token");
    }
    // Production's quirk, kept: GET /auth/v1/user refuses a promoted user's project_admin token.
    if (!roles.contains(claims.get("role"))) {
      throw ApiException.unauthorized("unauthorized", "Not an authenticated user token");
    }
    if (!p.id().equals(claims.get("project_id"))) {
      throw ApiException.unauthorized("unauthorized", "Token was issued for a different project");
    }
    try {
      return UUID.fromString(String.valueOf(claims.get("sub")));
    } catch (IllegalArgumentException e) {
      throw ApiException.unauthorized("invalid_token", "Invalid token");
    }
  }

  private static String bearer(Context ctx) {
    String a = ctx.header("Authorization");
    if (a == null || !a.regionMatches(true, 0, "Bearer ", 0, 7) || a.substring(7).isBlank()) {
      return null;
    }
    return a.substring(7).trim();
  }

  private void ok(Context ctx, int status, Object body) {
    ctx.header("Cache-Control", "no-store");
    http.json(ctx, status, body);
  }
}

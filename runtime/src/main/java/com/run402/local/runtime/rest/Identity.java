package com.run402.local.runtime.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.Map;

/**
 * Who is calling: the bearer token's claims (verified by the configured verifier) or the anon
 * role. The DB role comes from the role claim through the options' mapper.
 */
record Identity(String role, String claimsJson, boolean authenticated) {

  static Identity resolve(RestCall call, RestOptions options, ObjectMapper json) {
    String auth = call.header("Authorization");
    String token = null;
    if (auth != null) {
      String a = auth.trim();
      if (a.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
        token = a.substring(7).trim();
      } else if (a.equalsIgnoreCase("bearer")) {
        token = "";
      }
    }
    if (token != null && token.isEmpty()) {
      throw new RestError(401, "PGRST301", "Empty JWT is sent in Authorization header");
    }
    if (token == null) {
      if (options.anonRole() == null) {
        throw new RestError(401, "PGRST302", "Anonymous access is disabled");
      }
      return new Identity(options.anonRole(), "{\"role\":" + quote(options.anonRole(), json) + "}", false);
    }
    Map<String, Object> claims = options.jwt().verify(token);
    Object claimRole = claims.get(options.roleClaim());
    String role;
    if (claimRole == null) {
      if (options.anonRole() == null) {
        throw new RestError(401, "PGRST302", "Anonymous access is disabled");
      }
      role = options.anonRole();
    } else {
      role = options.roles().dbRole(claimRole.toString());
      if (role == null) {
        throw new RestError(401, "PGRST301", "JWT role is not allowed here");
      }
    }
    try {
      return new Identity(role, json.writeValueAsString(claims), !role.equals(options.anonRole()));
    } catch (Exception e) {
      throw new RestError(401, "PGRST301", "Invalid JWT claims");
    }
  }

  private static String quote(String s, ObjectMapper json) {
    try {
      return json.writeValueAsString(s);
    } catch (Exception e) {
      return "\"\"";
    }
  }
}

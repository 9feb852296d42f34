package com.run402.local.runtime.expose;

import com.run402.local.runtime.projects.Project;

/** A project's schema and roles, as the DDL generators need them. */
public record TenantRoles(String schema, String anon, String authenticated, String owner) {
  public static TenantRoles of(Project p) {
    return new TenantRoles(p.schemaSlot(), p.anonRole(), p.authenticatedRole(), p.ownerRole());
  }

  /** {@code "pNNNN"."name"}. */
  public String q(String name) {
    return Ident.q(schema, name);
  }

  /** Both request roles, quoted: {@code "pNNNN_anon", "pNNNN_authenticated"}. */
  public String both() {
    return Ident.q(anon) + ", " + Ident.q(authenticated);
  }

  /** A manifest role name (anon, authenticated, service_role, project_admin) as a database role. */
  public String dbRole(String manifestRole) {
    switch (manifestRole) {
      case "anon":
        return anon;
      case "authenticated":
      // No project_admin role exists yet; its tokens are signed-in users, so they get what authenticated gets.
      case "project_admin":
        return authenticated;
      case "service_role":
        return owner;
      default:
        throw new IllegalArgumentException("unknown role " + manifestRole);
    }
  }
}

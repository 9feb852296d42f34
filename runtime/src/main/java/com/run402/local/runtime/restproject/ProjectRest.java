package com.run402.local.runtime.restproject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.run402.local.runtime.db.TenantConnections;
import com.run402.local.runtime.projects.Project;
import com.run402.local.runtime.projects.ProjectTokens;
import com.run402.local.runtime.rest.RestEngine;
import com.run402.local.runtime.rest.RestOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One PostgREST engine per project, made on first use and kept (its schema cache is the costly
 * part). Exposes only the project's schema; anon, authenticated and service_role map to the
 * project's own roles. Whoever runs DDL calls {@link #schemaChanged} before answering, and
 * project deletion or reset evicts, so no request ever plans against a stale or dropped schema.
 */
public final class ProjectRest {
  private final TenantConnections tenants;
  private final ProjectTokens tokens;
  private final ObjectMapper json;
  private final Duration statementTimeout;
  private final Map<String, RestEngine> engines = new ConcurrentHashMap<>();

  public ProjectRest(TenantConnections tenants, ProjectTokens tokens, ObjectMapper json, Duration statementTimeout) {
    this.tenants = tenants;
    this.tokens = tokens;
    this.json = json;
    this.statementTimeout = statementTimeout;
  }

  /** The project's engine, created on first use. */
  public RestEngine engine(Project p) {
    return engines.computeIfAbsent(p.id(), id -> new RestEngine(options(p), json));
  }

  /** Drops the project's schema snapshot (if it has an engine); the next request reloads it. */
  public void schemaChanged(String projectId) {
    RestEngine e = engines.get(projectId);
    if (e != null) {
      e.reloadSchema();
    }
  }

  /** Forgets a deleted project's engine. */
  public void evict(String projectId) {
    engines.remove(projectId);
  }

  /** Forgets every engine (emulator reset). */
  public void evictAll() {
    engines.clear();
  }

  RestOptions options(Project p) {
    return new RestOptions(List.of(p.schemaSlot()), p.anonRole(), new ProjectJwt(tokens, p.id()), "role",
        roles(p), RestOptions.TxEnd.COMMIT, null, null, List.of(),
        new TenantSource(tenants, p.ownerRole()), statementTimeout);
  }

  /**
   * The JWT role claim to a role of this project; any other claim is refused. service_role becomes
   * the owner (BYPASSRLS) for the admin path; the public path refuses service tokens before they
   * reach the engine (see {@link RestAccess}).
   */
  static RestOptions.RoleMapper roles(Project p) {
    return claim -> switch (claim) {
      case "anon" -> p.anonRole();
      // A promoted user's tokens say project_admin (legacy-gateway 2.4); there is no such database
      // role, so they run as signed-in users, as the expose manifest's TenantRoles treats them.
      case "authenticated", "project_admin" -> p.authenticatedRole();
      case "service_role" -> p.ownerRole();
      default -> null;
    };
  }
}

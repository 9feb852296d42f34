package com.run402.local.runtime.rest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How one REST engine instance behaves; the same engine serves every project and PostgREST's own
 * spec setup. {@code schemas}: exposed schemas, the first is the default (Accept-Profile /
 * Content-Profile choose among them). {@code anonRole}: DB role for requests without a token, or
 * null to refuse them. {@code roles}: maps the JWT role claim to a DB role (null = not allowed).
 * {@code serverTiming}: add PostgREST's Server-Timing header (jwt, parse, plan, transaction, response).
 * {@code aggregates}: allow {@code count()}, {@code col.sum()} etc. in select (db-aggregates-enabled).
 */
public record RestOptions(
    List<String> schemas,
    String anonRole,
    JwtVerifier jwt,
    String roleClaim,
    RoleMapper roles,
    TxEnd txEnd,
    Long maxRows,
    String preRequest,
    List<String> extraSearchPath,
    ConnectionSource connections,
    Duration statementTimeout,
    boolean serverTiming,
    boolean aggregates) {

  /** As the canonical constructor, with aggregates off (PostgREST's default). */
  public RestOptions(List<String> schemas, String anonRole, JwtVerifier jwt, String roleClaim, RoleMapper roles,
      TxEnd txEnd, Long maxRows, String preRequest, List<String> extraSearchPath, ConnectionSource connections,
      Duration statementTimeout, boolean serverTiming) {
    this(schemas, anonRole, jwt, roleClaim, roles, txEnd, maxRows, preRequest, extraSearchPath, connections,
        statementTimeout, serverTiming, false);
  }

  /** Options without the Server-Timing header (PostgREST's default). */
  public RestOptions(List<String> schemas, String anonRole, JwtVerifier jwt, String roleClaim, RoleMapper roles,
      TxEnd txEnd, Long maxRows, String preRequest, List<String> extraSearchPath, ConnectionSource connections,
      Duration statementTimeout) {
    this(schemas, anonRole, jwt, roleClaim, roles, txEnd, maxRows, preRequest, extraSearchPath, connections,
        statementTimeout, false);
  }

  public RestOptions {
    schemas = List.copyOf(schemas);
    if (schemas.isEmpty()) {
      throw new IllegalArgumentException("at least one exposed schema");
    }
    Objects.requireNonNull(jwt, "jwt");
    roleClaim = roleClaim == null ? "role" : roleClaim;
    roles = roles == null ? RoleMapper.IDENTITY : roles;
    txEnd = txEnd == null ? TxEnd.COMMIT : txEnd;
    extraSearchPath = extraSearchPath == null ? List.of() : List.copyOf(extraSearchPath);
    Objects.requireNonNull(connections, "connections");
    statementTimeout = statementTimeout == null ? Duration.ofSeconds(30) : statementTimeout;
  }

  /** When the request's transaction commits (PostgREST's db-tx-end). */
  public enum TxEnd {
    COMMIT,
    COMMIT_ALLOW_OVERRIDE,
    ROLLBACK,
    ROLLBACK_ALLOW_OVERRIDE;

    public boolean overridable() {
      return this == COMMIT_ALLOW_OVERRIDE || this == ROLLBACK_ALLOW_OVERRIDE;
    }

    public boolean commitsByDefault() {
      return this == COMMIT || this == COMMIT_ALLOW_OVERRIDE;
    }
  }

  /** Verifies a bearer token and returns its claims; throws {@link RestError} (401 PGRST301/303) when invalid. */
  @FunctionalInterface
  public interface JwtVerifier {
    Map<String, Object> verify(String token);
  }

  /** Maps a JWT role claim to the database role to SET LOCAL ROLE to; null means the role is refused. */
  @FunctionalInterface
  public interface RoleMapper {
    RoleMapper IDENTITY = r -> r;

    String dbRole(String claimRole);
  }

  /** Where the engine's connections come from (a tenant login pool, or a plain pool for the spec database). */
  public interface ConnectionSource {
    java.sql.Connection acquire() throws java.sql.SQLException;

    void release(java.sql.Connection c, boolean healthy);
  }
}

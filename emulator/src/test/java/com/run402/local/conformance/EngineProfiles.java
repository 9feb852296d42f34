package com.run402.local.conformance;

import com.run402.local.runtime.rest.RestOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The engine configurations the corpus needs. {@link #BASE} is PostgREST's spec {@code baseCfg}.
 * Cases marked {@code needs-engine-config} whose setting {@link RestOptions} has get their own
 * engine, configured like the upstream spec file's config (values from PostgREST's SpecHelper.hs);
 * every other needs-engine-config case is blocked.
 */
public final class EngineProfiles {
  public static final String BASE = "base";

  /**
   * (spec file, config named in the case's skipReason) -> profile name. PgSafeUpdateSpec's
   * pre-request (test.load_safeupdate) LOADs pg-safeupdate, which embedded Postgres does not ship,
   * so those cases stay blocked.
   */
  private static final Map<String, String> BY_SPEC_AND_CONFIG = Map.of(
      "QueryLimitedSpec|configDbMaxRows", "maxRows2",
      "NoAnonSpec|configDbAnonRole", "noAnon",
      "ExtraSearchPathSpec|configDbExtraSearchPath", "extraSearchPath",
      "PostGISSpec|configDbExtraSearchPath", "extraSearchPath",
      "MultipleSchemaSpec|configDbSchemas", "multipleSchemas",
      "UnicodeSpec|configDbSchemas", "unicodeSchema",
      "RpcPreRequestGucsSpec|configDbPreRequest", "responseHeaders");

  /** Profile name -> how it differs from the base options. */
  private static final Map<String, UnaryOperator<RestOptions>> PROFILES = Map.of(
      "maxRows2", o -> with(o, null, o.anonRole(), 2L, o.preRequest(), null),
      "noAnon", o -> with(o, null, null, o.maxRows(), o.preRequest(), null),
      "extraSearchPath", o -> with(o, null, o.anonRole(), o.maxRows(), o.preRequest(),
          List.of("public", "extensions", "EXTRA \"@/\\#~_-")),
      "multipleSchemas", o -> with(o, List.of("v1", "v2", "SPECIAL \"@/\\#~_-"), o.anonRole(), o.maxRows(),
          o.preRequest(), null),
      "unicodeSchema", o -> with(o, List.of("تست"), o.anonRole(), o.maxRows(), o.preRequest(), null),
      "responseHeaders", o -> with(o, null, o.anonRole(), o.maxRows(), "custom_headers", null));

  private EngineProfiles() {}

  /** PostgREST's spec baseCfg, on the given connections and JWT verifier. */
  public static RestOptions base(RestOptions.JwtVerifier jwt, RestOptions.ConnectionSource connections) {
    return new RestOptions(List.of("test"), "postgrest_test_anonymous", jwt, "role", RestOptions.RoleMapper.IDENTITY,
        RestOptions.TxEnd.ROLLBACK_ALLOW_OVERRIDE, null, "test.switch_role", List.of(), connections,
        Duration.ofSeconds(10), true, true);
  }

  public static RestOptions options(String profile, RestOptions base) {
    return BASE.equals(profile) ? base : PROFILES.get(profile).apply(base);
  }

  /** The profile a case runs under, or null when it needs a setting the engine does not have. */
  public static String profileFor(CaseFile.Case c) {
    if (!c.skip()) {
      return BASE;
    }
    if (!"needs-engine-config".equals(c.skipClass()) || c.skipReason() == null) {
      return null;
    }
    // Only a reason naming exactly one config, and nothing else, can be honoured by a profile.
    String prefix = "requires non-default PostgREST config (";
    String r = c.skipReason();
    if (!r.startsWith(prefix) || !r.endsWith(")") || r.indexOf(',') >= 0 || r.indexOf(';') >= 0) {
      return null;
    }
    String config = r.substring(prefix.length(), r.length() - 1);
    return BY_SPEC_AND_CONFIG.get(c.spec() + "|" + config);
  }

  private static RestOptions with(RestOptions o, List<String> schemas, String anon, Long maxRows, String preRequest,
      List<String> extraSearchPath) {
    return new RestOptions(schemas == null ? o.schemas() : schemas, anon, o.jwt(), o.roleClaim(), o.roles(),
        o.txEnd(), maxRows, preRequest, extraSearchPath == null ? o.extraSearchPath() : extraSearchPath,
        o.connections(), o.statementTimeout(), o.serverTiming(), o.aggregates());
  }
}

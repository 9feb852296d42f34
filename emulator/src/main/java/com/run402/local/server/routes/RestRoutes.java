package com.run402.local.server.routes;

import com.run402.local.runtime.Engine;
import com.run402.local.runtime.projects.ApikeyAuth;
import com.run402.local.runtime.projects.Project;
import com.run402.local.runtime.leases.LeaseState;
import com.run402.local.runtime.rest.RestCall;
import com.run402.local.runtime.rest.schema.QName;
import com.run402.local.runtime.rest.schema.Routine;
import com.run402.local.runtime.restproject.RestAccess;
import com.run402.local.server.Http;
import com.run402.local.server.Routes;
import com.run402.local.server.rest.RestHttp;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The project data API: {@code /rest/v1} (anon key or a user's token, RLS applies) and
 * {@code /admin/v1/rest} (service key, runs as the project owner and bypasses RLS), both served
 * by the project's PostgREST engine. Auth failures before the engine use the gateway envelope;
 * everything after is PostgREST's own answer. Before the engine: the per-project rate limit (429),
 * metering and the tier's limits (402), and the lease: an expired project is read-only (writes get
 * the lifecycle 402), an archived one is not found.
 */
public final class RestRoutes {
  private static final String PUBLIC = "/rest/v1";
  private static final String ADMIN = "/admin/v1/rest";
  private static final String PROOF = "RestRoutesIT, NodeAcceptanceIT (rest-acceptance.test.mjs with @supabase/postgrest-js)";

  /** Methods that never write (an RPC by POST may, so it counts as a write while the lease is expired). */
  private static final java.util.Set<String> READS = java.util.Set.of("GET", "HEAD", "OPTIONS");

  private final Http http;

  public RestRoutes(Http http) {
    this.http = http;
  }

  public void register(Routes r) {
    for (String m : List.of("GET", "POST", "PATCH", "PUT", "DELETE")) {
      r.add(m, PUBLIC + "/:table", PROOF, this::publicPath);
      r.add(m, ADMIN + "/:table", PROOF, this::adminPath);
    }
    for (String m : List.of("GET", "POST")) {
      r.add(m, PUBLIC + "/rpc/:fn", PROOF, this::publicPath);
      r.add(m, ADMIN + "/rpc/:fn", PROOF, this::adminPath);
    }
    // GET /rest/v1 (the OpenAPI root) is not emulated yet: the catalogue answers 501 not_emulated.
  }

  private void publicPath(Context ctx) {
    Engine engine = http.engine();
    String apikey = ctx.header("apikey");
    ApikeyAuth.Caller caller = engine.restAccess().apikey(apikey);
    Project p = caller.project();
    engine.rateLimiter().acquire(p.id());
    // Production meters right after the apikey check, so later refusals count too (legacy-gateway 4.3).
    engine.usage().countCall(p.id());
    engine.budget().check(p);
    serve(ctx, PUBLIC, engine.restAccess().publicToken(caller, ctx.header("Authorization"), apikey));
  }

  private void adminPath(Context ctx) {
    Engine engine = http.engine();
    RestAccess.Grant grant = engine.restAccess().admin(ctx.header("Authorization"), ctx.header("apikey"));
    engine.rateLimiter().acquire(grant.project().id());
    engine.budget().check(grant.project());
    serve(ctx, ADMIN, grant);
  }

  private void serve(Context ctx, String mount, RestAccess.Grant grant) {
    RestCall raw = RestHttp.toCall(ctx, mount);
    if (!READS.contains(ctx.method().name()) && !readOnlyRpc(grant.project(), raw)) {
      // Expired leases leave the data readable for 7 days; any write waits for a renewal.
      http.engine().leases().requireWritable(grant.project());
    }
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(raw.headers());
    // The engine sees exactly the token that was checked here, and the project's schema whatever
    // profile the client asked for (production's gateway overrides both profile headers, and
    // supabase-js sends Accept-Profile: public by default).
    headers.put("Authorization", List.of("Bearer " + grant.token()));
    headers.put("Accept-Profile", List.of(grant.project().schemaSlot()));
    headers.put("Content-Profile", List.of(grant.project().schemaSlot()));
    RestCall call = new RestCall(raw.method(), raw.path(), raw.rawQuery(), headers, raw.body());
    RestHttp.write(ctx, http.engine().rest().engine(grant.project()).handle(call));
  }

  /**
   * A POST to a function that cannot write (STABLE or IMMUTABLE: the engine runs it in a read-only transaction, as
   * PostgREST does) is a read, so a project whose lease expired may still call it, as supabase-js's {@code rpc()}
   * does for every function. Any function of that name that could write (VOLATILE), or none, makes it a write.
   */
  private boolean readOnlyRpc(Project p, RestCall call) {
    String path = call.path();
    if (!call.method().equals("POST") || !path.startsWith("/rpc/")
        || http.engine().leases().stateOf(p) != LeaseState.EXPIRED) {
      return false;
    }
    String name = path.substring("/rpc/".length());
    while (name.endsWith("/")) {
      name = name.substring(0, name.length() - 1);
    }
    try {
      name = URLDecoder.decode(name.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false; // a malformed escape names no function (Jetty refuses such URIs first; this keeps the check safe alone)
    }
    List<Routine> fns = http.engine().rest().engine(p).schema().routines(new QName(p.schemaSlot(), name));
    return !fns.isEmpty() && fns.stream().allMatch(f -> f.volatility() != 'v');
  }
}

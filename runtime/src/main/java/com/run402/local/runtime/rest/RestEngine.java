package com.run402.local.runtime.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.run402.local.runtime.rest.exec.Executor;
import com.run402.local.runtime.rest.request.PreferParser;
import com.run402.local.runtime.rest.request.Preferences;
import com.run402.local.runtime.rest.request.QueryParams;
import com.run402.local.runtime.rest.request.QueryStringParser;
import com.run402.local.runtime.rest.schema.QName;
import com.run402.local.runtime.rest.schema.SchemaCache;
import com.run402.local.runtime.rest.schema.SchemaLoader;
import com.run402.local.runtime.rest.schema.Table;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgREST-compatible engine over one set of exposed schemas: parse -> plan against the cached
 * schema -> SQL with bound parameters -> one transaction (role, claims, search path). Thread-safe;
 * one instance per project (or per PostgREST spec database). {@link #reloadSchema()} must be
 * called by whatever ran DDL, before it answers, so the next request sees the change.
 */
public final class RestEngine {
  private static final Logger LOG = LoggerFactory.getLogger(RestEngine.class);

  private final RestOptions options;
  private final ObjectMapper json;
  private final Services services;
  private final ReadHandler reads;
  private final MutateHandler mutations;
  private final RpcHandler rpcs;
  private volatile SchemaCache cache;

  public RestEngine(RestOptions options, ObjectMapper json) {
    this.options = options;
    this.json = json;
    this.services = new Services(options, new Executor(options.connections(), json), new Responses(json), json);
    this.reads = new ReadHandler(services);
    this.mutations = new MutateHandler(services);
    this.rpcs = new RpcHandler(services, reads);
  }

  public RestOptions options() {
    return options;
  }

  /** Answers one request; client errors become PostgREST error bodies, never exceptions. */
  public RestResult handle(RestCall call) {
    try {
      Timing timing = new Timing();
      RestResult r = dispatch(call, timing);
      if (options.serverTiming()) {
        java.util.Map<String, String> h = new java.util.LinkedHashMap<>(r.headers());
        h.put("Server-Timing", timing.header());
        r = new RestResult(r.status(), h, r.body());
      }
      if (options.schemas().size() > 1) {
        java.util.Map<String, String> h = new java.util.LinkedHashMap<>(r.headers());
        h.put("Content-Profile", profile(call, call.method().equals("GET") || call.method().equals("HEAD")));
        return new RestResult(r.status(), h, r.body());
      }
      return r;
    } catch (RestError e) {
      return services.responses().error(e);
    } catch (RuntimeException e) {
      LOG.warn("REST request {} {} failed unexpectedly", call.method(), call.path(), e);
      return services.responses().error(new RestError(500, "PGRST000", "Internal error in run402-local's REST engine",
          null, "See the emulator log; please report it"));
    }
  }

  /** Drops the schema snapshot; the next request loads a fresh one. */
  public void reloadSchema() {
    cache = null;
  }

  /** The current schema snapshot, loaded on first use. */
  public SchemaCache schema() {
    SchemaCache c = cache;
    if (c != null) {
      return c;
    }
    synchronized (this) {
      if (cache == null) {
        cache = load();
      }
      return cache;
    }
  }

  private SchemaCache load() {
    Connection c = null;
    boolean healthy = true;
    try {
      c = options.connections().acquire();
      return SchemaLoader.load(c, options.schemas());
    } catch (SQLException e) {
      healthy = false;
      throw new RestError(503, "PGRST002", "Could not query the database for the schema cache. Retrying.");
    } finally {
      if (c != null) {
        options.connections().release(c, healthy);
      }
    }
  }

  private RestResult dispatch(RestCall call, Timing timing) {
    String[] segments = segments(call.path());
    String method = call.method();
    boolean read = method.equals("GET") || method.equals("HEAD");
    if (segments.length == 0) {
      throw new RestError(404, "PGRST125", "Invalid path specified in request URL");
    }
    boolean rpc = segments.length == 2 && segments[0].equals("rpc");
    if (segments.length != 1 && !rpc) {
      throw new RestError(404, "PGRST125", "Invalid path specified in request URL");
    }
    String schema = profile(call, read);
    Identity id = Identity.resolve(call, options, json);
    timing.lap("jwt");
    Preferences prefs = PreferParser.parse(call.headerValues("Prefer"));
    if (prefs.handling() == Preferences.Handling.STRICT && !prefs.invalid().isEmpty()) {
      throw new RestError(400, "PGRST122", "Invalid preferences given with handling=strict",
          "Invalid preferences: " + String.join(", ", prefs.invalid()), null);
    }
    MediaType media = MediaType.negotiate(call.header("Accept"));
    QueryParams q = QueryStringParser.parse(call.rawQuery());
    SchemaCache sc = schema();
    timing.lap("parse");
    String target = rpc ? segments[1] : segments[0];
    Request r = new Request(call, schema, target, rpc, id.role(), id.claimsJson(), id.authenticated(), media, prefs,
        q, sc, timing);
    if (rpc) {
      return rpcs.handle(r);
    }
    Table table = sc.table(new QName(schema, target));
    if (table == null) {
      throw new RestError(404, "PGRST205",
          "Could not find the table '" + schema + "." + target + "' in the schema cache");
    }
    switch (method) {
      case "GET":
      case "HEAD":
        r.query().filterErrors().values().stream().findFirst().ifPresent(e -> {
          throw e;
        });
        return reads.handle(r, table);
      case "POST":
      case "PATCH":
      case "PUT":
      case "DELETE":
        r.query().filterErrors().values().stream().findFirst().ifPresent(e -> {
          throw e;
        });
        return mutations.handle(r, table);
      default:
        throw new RestError(405, "PGRST117", "Unsupported HTTP method: " + method);
    }
  }

  private String profile(RestCall call, boolean read) {
    String p = call.header(read ? "Accept-Profile" : "Content-Profile");
    if (p == null) {
      return options.schemas().get(0);
    }
    if (!options.schemas().contains(p)) {
      throw new RestError(406, "PGRST106", "Invalid schema: " + p, null,
          "Only the following schemas are exposed: " + String.join(", ", options.schemas()));
    }
    return p;
  }

  private static String[] segments(String path) {
    String p = path == null ? "" : path;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.isEmpty()) {
      return new String[0];
    }
    String[] raw = p.split("/", -1);
    String[] out = new String[raw.length];
    for (int i = 0; i < raw.length; i++) {
      try {
        out[i] = URLDecoder.decode(raw[i].replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new RestError(404, "PGRST125", "Invalid path specified in request URL");
      }
    }
    return out;
  }

}

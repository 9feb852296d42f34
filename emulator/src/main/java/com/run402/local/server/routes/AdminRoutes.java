package com.run402.local.server.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.leases.LeaseState;
import com.run402.local.runtime.projects.Project;
import com.run402.local.runtime.sql.SqlRequest;
import com.run402.local.runtime.sql.SqlResult;
import com.run402.local.server.Http;
import com.run402.local.server.Routes;
import io.javalin.http.Context;

/** Service-key routes under {@code /projects/v1/admin/:id}: SQL, usage, schema. */
public final class AdminRoutes {
  private final Http http;

  public AdminRoutes(Http http) {
    this.http = http;
  }

  public void register(Routes r) {
    r.add("POST", "/projects/v1/admin/:id/sql", "AdminRoutesIT, SqlIsolationIT, sdk-acceptance.test.mjs", this::sql);
    r.add("GET", "/projects/v1/admin/:id/usage", "AdminRoutesIT, sdk-acceptance.test.mjs",
        ctx -> http.json(ctx, 200, http.engine().projects().views().usage(project(ctx))));
    r.add("GET", "/projects/v1/admin/:id/schema", "AdminRoutesIT, sdk-acceptance.test.mjs",
        ctx -> http.json(ctx, 200, http.engine().schema().report(project(ctx))));
  }

  private Project project(Context ctx) {
    return http.engine().projectAuth().requireServiceKey(ctx.header("Authorization"), ctx.pathParam("id"));
  }

  private void sql(Context ctx) {
    Project p = project(ctx);
    http.engine().rateLimiter().acquire(p.id());
    http.engine().budget().check(p);
    SqlRequest req = SqlRequest.parse(ctx.header("Content-Type"), http.text(ctx, Http.SQL_LIMIT), http.json());
    // An expired lease leaves the project read-only: the SQL runs in a read-only transaction and a
    // write is answered with the lifecycle 402 (archived projects never get here: 404).
    LeaseState lease = http.engine().leases().stateOf(p);
    SqlResult res;
    try {
      res = http.engine().sql().run(p, req, lease.writable() ? null : http.engine().leases().writeRefused(p));
    } catch (RuntimeException e) {
      // SQL that COMMITs midway can leave DDL behind even when a later statement fails.
      http.engine().schemaChanged(p.id());
      throw e;
    }
    if (res.ddl()) {
      http.engine().schemaChanged(p.id()); // same call, so the next read is never stale
    }
    ObjectNode body = http.json().createObjectNode();
    body.put("status", "ok");
    body.put("schema", p.schemaSlot());
    ArrayNode rows = body.putArray("rows");
    res.rows().forEach(rows::add);
    if (res.rowCount() == null) {
      body.putNull("row_count");
      body.putNull("rowCount");
    } else {
      body.put("row_count", res.rowCount());
      body.put("rowCount", res.rowCount());
    }
    ArrayNode fields = body.putArray("fields");
    res.fields().forEach(f -> fields.addObject().put("name", f.name()).put("type", f.type()));
    http.json(ctx, 200, body);
  }
}

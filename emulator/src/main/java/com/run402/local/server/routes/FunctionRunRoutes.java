package com.run402.local.server.routes;

import com.run402.local.runtime.Engine;
import com.run402.local.runtime.functions.FunctionRun;
import com.run402.local.runtime.functions.FunctionRuns;
import com.run402.local.runtime.functions.FunctionViews;
import com.run402.local.runtime.functions.RunViews;
import com.run402.local.runtime.projects.Project;
import com.run402.local.server.Http;
import com.run402.local.server.Routes;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;

/**
 * Durable function runs (api-contract 2.3 P2): create and list under {@code /functions/v1/:name/runs}, read, logs,
 * cancel and redrive under {@code /functions/v1/runs/:run_id}. Service key as {@code Authorization: Bearer}
 * (what {@code @run402/functions}' {@code functions.runs.create} sends from inside a function) or as
 * {@code apikey}. {@link com.run402.local.server.FunctionInvokeHandler} hands these paths to Javalin.
 */
public final class FunctionRunRoutes {
  private static final String PROOF = "FunctionRunsIT, functions-acceptance.test.mjs";
  private final Http http;
  private final RunViews views;
  private final FunctionViews logViews;

  public FunctionRunRoutes(Http http) {
    this.http = http;
    this.views = new RunViews(http.json());
    this.logViews = new FunctionViews(http.json());
  }

  public void register(Routes r) {
    r.partial("POST", "/functions/v1/:name/runs", PROOF, "retry presets answer 501", ctx -> {
      Project p = service(ctx);
      FunctionRuns.Created c = runs().create(p.id(), ctx.pathParam("name"), http.jsonBody(ctx),
          ctx.header("Idempotency-Key"), ctx.header("X-Run402-Parent-Run-Id"), ctx.header("X-Run402-Parent-Attempt-Id"));
      http.json(ctx, c.deduplicated() ? 200 : 201, views.created(c));
    });
    r.add("GET", "/functions/v1/:name/runs", PROOF, ctx -> {
      Project p = service(ctx);
      Map<String, String> q = new HashMap<>();
      for (String k : new String[] {"status", "event_type", "since", "until", "limit", "cursor"}) {
        String v = ctx.queryParam(k);
        if (v != null && !v.isEmpty()) {
          q.put(k, v);
        }
      }
      http.json(ctx, 200, views.page(runs().list(p.id(), ctx.pathParam("name"), q)));
    });
    r.add("GET", "/functions/v1/runs/:run_id", PROOF, ctx ->
        http.json(ctx, 200, views.handle(runs().get(service(ctx).id(), ctx.pathParam("run_id")))));
    r.add("GET", "/functions/v1/runs/:run_id/logs", PROOF, ctx -> {
      Project p = service(ctx);
      FunctionRun run = runs().get(p.id(), ctx.pathParam("run_id"));
      http.json(ctx, 200, logViews.logs(engine().functions().logs(p.id(), run.functionName(),
          FunctionRoutes.tail(ctx), FunctionRoutes.since(ctx), run.runId())));
    });
    r.add("POST", "/functions/v1/runs/:run_id/cancel", PROOF, ctx ->
        http.json(ctx, 200, views.handle(runs().cancel(service(ctx).id(), ctx.pathParam("run_id")))));
    r.add("POST", "/functions/v1/runs/:run_id/redrive", PROOF, ctx -> {
      Project p = service(ctx);
      http.json(ctx, 200, views.handle(runs().redrive(p.id(), ctx.pathParam("run_id"), http.jsonBody(ctx))));
    });
  }

  private Project service(Context ctx) {
    Engine e = engine();
    Project p = e.projectAuth().requireServiceKeyOrApikey(ctx.header("Authorization"), ctx.header("apikey"));
    e.usage().countCall(p.id());
    return p;
  }

  private FunctionRuns runs() {
    return engine().functions().runs();
  }

  private Engine engine() {
    return http.engine();
  }
}

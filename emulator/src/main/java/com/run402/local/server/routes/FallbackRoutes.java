package com.run402.local.server.routes;

import com.run402.local.server.ErrorWriter;
import com.run402.local.server.parity.RouteCatalog;
import com.run402.local.server.parity.RouteEntry;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Registered last: a production route that is not emulated yet answers 501 not_emulated (and is
 * listed as such by the parity report); any other path answers 404 in the same envelope.
 */
public final class FallbackRoutes {
  private final RouteCatalog catalog;
  private final ErrorWriter errors;

  public FallbackRoutes(RouteCatalog catalog, ErrorWriter errors) {
    this.catalog = catalog;
    this.errors = errors;
  }

  public void register(RoutesConfig routes) {
    for (String m : List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "TRACE")) {
      HandlerType t = HandlerType.findOrCreate(m);
      routes.addHttpHandler(t, "/", this::handle);
      routes.addHttpHandler(t, "/<path>", this::handle);
    }
  }

  private void handle(Context ctx) {
    String method = ctx.method().name();
    String path = ctx.path();
    Optional<RouteEntry> route = catalog.find(method, path);
    if (route.isPresent()) {
      errors.write(ctx, 501, "not_emulated", method + " " + route.get().path()
          + " is not emulated by run402-local yet", Map.of("route", method + " " + route.get().path()));
    } else {
      errors.write(ctx, 404, "not_found", "No route for " + method + " " + path, Map.of());
    }
  }
}

package com.run402.local.server.routes;

import com.run402.local.runtime.error.ApiException;
import com.run402.local.server.Http;
import com.run402.local.server.LocalServer;
import com.run402.local.server.Routes;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.function.Supplier;

/** The emulator's own controls under {@code /__local}, answered only to loopback clients. */
public final class LocalAdminRoutes {
  private final Http http;
  private final Supplier<LocalServer> server;

  public LocalAdminRoutes(Http http, Supplier<LocalServer> server) {
    this.http = http;
    this.server = server;
  }

  public void register(Routes r) {
    r.local("POST", "/__local/reset", ctx -> {
      loopbackOnly(ctx);
      http.engine().reset();
      http.json(ctx, 200, Map.of("status", "reset"));
    });
    r.local("GET", "/__local/parity", ctx -> {
      loopbackOnly(ctx);
      http.json(ctx, 200, server.get().parity().toJson(http.json()));
    });
    r.local("GET", "/__local/info", ctx -> {
      loopbackOnly(ctx);
      http.json(ctx, 200, server.get().info());
    });
  }

  static void loopbackOnly(Context ctx) {
    try {
      if (!InetAddress.getByName(ctx.req().getRemoteAddr()).isLoopbackAddress()) {
        throw ApiException.forbidden("forbidden", "/__local is only served to loopback clients");
      }
    } catch (UnknownHostException e) {
      throw ApiException.forbidden("forbidden", "/__local is only served to loopback clients");
    }
  }
}

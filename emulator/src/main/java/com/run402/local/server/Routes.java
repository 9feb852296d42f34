package com.run402.local.server;

import com.run402.local.server.parity.RouteEntry;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Registers handlers and remembers, for the parity report, which production routes they emulate and
 * which test proves each one. Paths are written in the catalogue's {@code :param} syntax.
 */
public final class Routes {
  /** An emulated route with its status (emulated or partial) and proving test. */
  public record Emulated(RouteEntry route, String status, String proof, String note) {}

  private final RoutesConfig routes;
  private final List<Emulated> emulated = new ArrayList<>();

  Routes(RoutesConfig routes) {
    this.routes = routes;
  }

  /** A fully emulated production route. */
  public void add(String method, String path, String proof, Handler h) {
    register(method, path, "emulated", proof, null, h);
  }

  /** A production route whose emulation leaves something out ({@code note} says what). */
  public void partial(String method, String path, String proof, String note, Handler h) {
    register(method, path, "partial", proof, note, h);
  }

  /**
   * A production route served ahead of Javalin by a Jetty handler of its own ({@link FunctionInvokeHandler}):
   * listed for the parity report, with no Javalin handler.
   */
  public void servedAhead(String method, String path, String proof) {
    emulated.add(new Emulated(new RouteEntry(method, path, "", ""), "emulated", proof, null));
  }

  /** An emulator-only route (not in the production catalogue). */
  public void local(String method, String path, Handler h) {
    routes.addHttpHandler(HandlerType.findOrCreate(method), new RouteEntry(method, path, "", "").javalinPath(), h);
  }

  private void register(String method, String path, String status, String proof, String note, Handler h) {
    RouteEntry e = new RouteEntry(method, path, "", "");
    routes.addHttpHandler(HandlerType.findOrCreate(method), e.javalinPath(), h);
    if (method.equals("GET")) {
      routes.addHttpHandler(HandlerType.HEAD, e.javalinPath(), h); // Jetty drops the body of a HEAD
    }
    emulated.add(new Emulated(e, status, proof, note));
  }

  public List<Emulated> emulated() {
    return Collections.unmodifiableList(emulated);
  }
}

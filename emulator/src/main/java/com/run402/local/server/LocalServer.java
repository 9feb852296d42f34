package com.run402.local.server;

import com.run402.local.runtime.Engine;
import com.run402.local.runtime.StartupException;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.server.parity.ParityReport;
import com.run402.local.server.parity.RouteCatalog;
import com.run402.local.server.routes.AdminRoutes;
import com.run402.local.server.routes.AuthRoutes;
import com.run402.local.server.routes.BlobRoutes;
import com.run402.local.server.routes.DiscoveryRoutes;
import com.run402.local.server.routes.LegacyStorageRoutes;
import com.run402.local.server.routes.BillingRoutes;
import com.run402.local.server.routes.ChainRoutes;
import com.run402.local.server.routes.TierRoutes;
import com.run402.local.server.routes.ExposeRoutes;
import com.run402.local.server.routes.FallbackRoutes;
import com.run402.local.server.routes.HealthRoutes;
import com.run402.local.server.routes.LocalAdminRoutes;
import com.run402.local.server.routes.LocalClockRoutes;
import com.run402.local.server.routes.LocalMailRoutes;
import com.run402.local.server.routes.MailboxRoutes;
import com.run402.local.server.routes.ProjectRoutes;
import com.run402.local.server.routes.RestRoutes;
import com.run402.local.server.s3.S3Server;
import io.javalin.Javalin;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the route families onto one Javalin (Jetty) server and owns its lifecycle. */
public final class LocalServer {
  private static final Logger LOG = LoggerFactory.getLogger(LocalServer.class);

  private final Javalin app;
  private final java.util.function.Supplier<Engine> engineRef;
  private final String host;
  private final int requestedPort;
  private final ParityReport parity;
  private final S3Server s3;

  private LocalServer(Javalin app, java.util.function.Supplier<Engine> engine, String host, int port,
      ParityReport parity, S3Server s3) {
    this.app = app;
    this.s3 = s3;
    this.engineRef = engine;
    this.host = host;
    this.requestedPort = port;
    this.parity = parity;
  }

  /**
   * Builds the server (routes, class loading) without binding, so that it can be done while the
   * engine starts; {@code engine} is read only when requests arrive, after {@link #start()}.
   */
  public static LocalServer create(java.util.function.Supplier<Engine> engine, String host, int port) {
    return create(engine, host, port, 0);
  }

  /** As {@link #create(java.util.function.Supplier, String, int)}, with the S3 endpoint on {@code s3Port}. */
  public static LocalServer create(java.util.function.Supplier<Engine> engine, String host, int port, int s3Port) {
    com.fasterxml.jackson.databind.ObjectMapper json = com.run402.local.runtime.Json.mapper();
    Http http = new Http(engine, json);
    ErrorMapper errors = new ErrorMapper(json);
    RouteCatalog catalog = RouteCatalog.standard();
    Routes[] registered = new Routes[1];
    LocalServer[] self = new LocalServer[1];
    SiteServer sites = new SiteServer(http);
    Javalin app = Javalin.create(cfg -> {
      cfg.startup.startupWatcherEnabled = false;
      cfg.startup.showJavalinBanner = false;
      cfg.startup.showOldJavalinVersionWarning = false;
      cfg.http.maxRequestSize = 64L * 1024 * 1024;
      cfg.http.generateEtags = false;
      cfg.router.ignoreTrailingSlashes = true;
      cfg.router.treatMultipleSlashesAsSingleSlash = true;
      cfg.jetty.host = host;
      cfg.jetty.port = port;
      cfg.jetty.modifyServer(server -> {
        server.setErrorHandler(RefusalPage.json());
        insertAhead(server, new FunctionInvokeHandler(http, errors)); // Javalin's servlet context goes inside it
      });
      cfg.jetty.modifyServletContextHandler(h -> h.setErrorHandler(RefusalPage.json()));
      cfg.routes.exception(ApiException.class, errors::api);
      cfg.routes.exception(Exception.class, errors::unexpected);
      cfg.routes.before(Cors::apply);
      cfg.routes.before(sites::before); // *.localhost hosts and /__sites/<label>/ are sites, not API routes
      Routes routes = new Routes(cfg.routes);
      registered[0] = routes;
      new HealthRoutes(http).register(routes);
      new DiscoveryRoutes(http).register(routes);
      new ProjectRoutes(http).register(routes);
      new AdminRoutes(http).register(routes);
      new ExposeRoutes(http).register(routes);
      new RestRoutes(http).register(routes);
      new AuthRoutes(http).register(routes);
      new LocalAdminRoutes(http, () -> self[0]).register(routes);
      new LocalMailRoutes(http).register(routes);
      new LocalClockRoutes(http).register(routes);
      new MailboxRoutes(http).register(routes);
      new TierRoutes(http).register(routes);
      new ChainRoutes(http).register(routes);
      new BillingRoutes(http).register(routes);
      new com.run402.local.server.routes.ApplyRoutes(http, () -> self[0].s3Uri()).register(routes);
      new com.run402.local.server.routes.DeploymentRoutes(http).register(routes);
      new BlobRoutes(http).register(routes);
      new com.run402.local.server.routes.FunctionRoutes(http).register(routes);
      new com.run402.local.server.routes.FunctionRunRoutes(http).register(routes);
      new LegacyStorageRoutes(http).register(routes);
      new FallbackRoutes(catalog, errors).register(cfg.routes);
    });
    LocalServer server = new LocalServer(app, engine, host, port, new ParityReport(catalog, registered[0].emulated()),
        S3Server.create(engine, host, s3Port));
    self[0] = server;
    return server;
  }

  /** Binds the port; the engine must be running by now. */
  public void start() {
    try {
      app.start();
    } catch (RuntimeException e) {
      throw new StartupException(bindMessage(host, requestedPort, e), e);
    }
    try {
      s3.start();
    } catch (RuntimeException e) {
      app.stop();
      throw e;
    }
    LOG.debug("HTTP listening on {}:{}", host, app.port());
  }

  public int port() {
    return app.port();
  }

  /** {@code http://host:port} without a trailing slash; a wildcard bind is reached through loopback. */
  public java.net.URI baseUri() {
    String h = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
    return java.net.URI.create("http://" + h + ":" + port());
  }

  /** The S3-compatible endpoint ({@code http://host:s3port}, bucket = project id). */
  public java.net.URI s3Uri() {
    String b = baseUri().toString();
    return java.net.URI.create(b.substring(0, b.lastIndexOf(':')) + ":" + s3.port());
  }

  public ParityReport parity() {
    return parity;
  }

  public Map<String, Object> info() {
    String base = baseUri().toString();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", com.run402.local.runtime.Versions.emulator());
    m.put("api_base", base);
    Engine engine = engineRef.get();
    m.put("s3_endpoint", s3Uri().toString());
    m.put("data_dir", engine.config().dataDir().toString());
    m.put("ephemeral", engine.config().ephemeral());
    m.put("payment_mode", engine.config().payments().mode());
    m.put("chain", Map.of("network", com.run402.local.runtime.chain.BaseSepolia.NETWORK,
        "usdc", com.run402.local.runtime.chain.BaseSepolia.USDC, "rpc", base + "/chain/rpc",
        "facilitator", base + "/facilitator", "pay_to", engine.config().payments().payTo()));
    m.put("postgres", Map.of("version", com.run402.local.runtime.Versions.postgres(), "port", engine.postgres().port(),
        "database", com.run402.local.runtime.db.Database.NAME));
    m.put("endpoints", Map.of("health", base + "/health", "parity", base + "/__local/parity",
        "reset", base + "/__local/reset", "info", base + "/__local/info", "payments", base + "/__local/payments"));
    m.put("parity", parity.summary());
    return m;
  }

  public void stop() {
    s3.stop();
    app.stop();
  }

  /** Puts {@code h} innermost in the server's handler chain, where Javalin then attaches its servlet context. */
  private static void insertAhead(org.eclipse.jetty.server.Server server, org.eclipse.jetty.server.Handler.Wrapper h) {
    org.eclipse.jetty.server.Handler.Wrapper outer = server;
    while (outer.getHandler() instanceof org.eclipse.jetty.server.Handler.Wrapper w) {
      outer = w;
    }
    if (outer.getHandler() != null) {
      throw new IllegalStateException("unexpected Jetty handler " + outer.getHandler());
    }
    outer.setHandler(h);
  }

  private static String bindMessage(String host, int port, RuntimeException e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String why = t.getMessage() == null ? t.toString() : t.getMessage();
    if (why.contains("in use") || t instanceof java.net.BindException) {
      return "Port " + port + " on " + host + " is already in use. Stop whatever holds it, or pass --port 0 "
          + "(any free port) or another --port.";
    }
    return "Cannot listen on " + host + ":" + port + ": " + why;
  }
}

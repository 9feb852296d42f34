package com.run402.local.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.run402.local.runtime.rest.RestEngine;
import com.run402.local.runtime.rest.RestError;
import com.run402.local.runtime.rest.RestOptions;
import com.run402.local.runtime.rest.RestResult;
import com.run402.local.server.rest.RestHttp;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * One {@link RestEngine} configured like PostgREST's spec server, served at the root of a small
 * Javalin app over real HTTP, so the HTTP adapter is part of what is tested.
 */
public final class SpecServer implements AutoCloseable {
  private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  /** Response header marking an answer the harness made up because the engine threw. */
  public static final String CRASH_HEADER = "X-Conformance-Engine-Threw";

  private final Javalin app;
  private final Pool pool;

  private SpecServer(Javalin app, Pool pool) {
    this.app = app;
    this.pool = pool;
  }

  /** Starts an engine with {@code options} (whose connections must be {@code pool}) on a free port. */
  public static SpecServer start(RestOptions options, Pool pool, ObjectMapper json) {
    RestEngine engine = new RestEngine(options, json);
    Javalin app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.startup.startupWatcherEnabled = false;
      cfg.startup.showOldJavalinVersionWarning = false;
      cfg.http.generateEtags = false;
      cfg.jetty.host = "127.0.0.1";
      cfg.jetty.port = 0;
      for (String m : METHODS) {
        HandlerType t = HandlerType.findOrCreate(m);
        cfg.routes.addHttpHandler(t, "/", ctx -> serve(engine, ctx));
        cfg.routes.addHttpHandler(t, "/<path>", ctx -> serve(engine, ctx));
      }
    });
    app.start();
    return new SpecServer(app, pool);
  }

  private static void serve(RestEngine engine, Context ctx) {
    RestResult r;
    try {
      r = engine.handle(RestHttp.toCall(ctx, ""));
    } catch (RestError e) {
      // The engine promises not to throw these; answer as PostgREST would so the case can still be judged.
      r = errorResult(e);
    } catch (RuntimeException e) {
      // A crash is a failing case, not a failing run. The marker header makes the runner fail the
      // case even when the expected status is 500 or the method is HEAD (no body to read).
      String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
      r = new RestResult(500, Map.of("Content-Type", "text/plain; charset=utf-8", CRASH_HEADER, headerSafe(msg)),
          msg.getBytes(StandardCharsets.UTF_8));
    }
    RestHttp.write(ctx, r);
  }

  private static String headerSafe(String s) {
    String ascii = s.replaceAll("[^\\x20-\\x7e]", "?");
    return ascii.length() > 200 ? ascii.substring(0, 200) : ascii;
  }

  private static RestResult errorResult(RestError e) {
    ObjectMapper m = new ObjectMapper();
    var body = m.createObjectNode().put("code", e.code()).put("message", e.getMessage())
        .put("details", e.details()).put("hint", e.hint());
    return new RestResult(e.status(), Map.of("Content-Type", "application/json; charset=utf-8"),
        body.toString().getBytes(StandardCharsets.UTF_8));
  }

  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + app.port());
  }

  public Pool pool() {
    return pool;
  }

  @Override
  public void close() {
    app.stop();
  }

  /**
   * A plain pool of superuser connections to the spec database: the superuser is granted every test
   * role, like PostgREST's authenticator. Unhealthy connections are closed instead of reused.
   */
  public static final class Pool implements RestOptions.ConnectionSource, AutoCloseable {
    private final String url;
    private final Properties props = new Properties();
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

    public Pool(String jdbcUrl, String user, String password) {
      this.url = jdbcUrl;
      props.setProperty("user", user);
      props.setProperty("password", password);
      props.setProperty("connectTimeout", "5");
    }

    @Override
    public Connection acquire() throws SQLException {
      Connection c;
      while ((c = idle.pollFirst()) != null) {
        if (!c.isClosed()) {
          return c;
        }
      }
      return DriverManager.getConnection(url, props);
    }

    @Override
    public void release(Connection c, boolean healthy) {
      try {
        if (healthy && !c.isClosed()) {
          if (!c.getAutoCommit()) {
            c.rollback(); // nothing may leak from one request into the next
          }
          idle.addFirst(c);
        } else {
          c.close();
        }
      } catch (SQLException e) {
        // a connection that cannot even report its state is dropped
      }
    }

    @Override
    public void close() {
      Connection c;
      while ((c = idle.pollFirst()) != null) {
        try {
          c.close();
        } catch (SQLException e) {
          // closing anyway
        }
      }
    }
  }
}

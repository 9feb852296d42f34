package com.run402.local.server.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.clock.DurationText;
import com.run402.local.runtime.clock.EmulatorClock;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.sql.PgJson;
import com.run402.local.server.Http;
import com.run402.local.server.Routes;
import io.javalin.http.Context;
import java.time.Duration;

/**
 * The emulator clock under {@code /__local/clock} (loopback only): {@code GET} shows now and the
 * offset; {@code POST {"advance":"8d"}} moves it forward (lease expiry, token expiry and the lease
 * sweep follow at once); {@code POST {"reset":true}} puts it back on real time.
 */
public final class LocalClockRoutes {
  private final Http http;

  public LocalClockRoutes(Http http) {
    this.http = http;
  }

  public void register(Routes r) {
    r.local("GET", "/__local/clock", ctx -> {
      LocalAdminRoutes.loopbackOnly(ctx);
      http.json(ctx, 200, view());
    });
    r.local("POST", "/__local/clock", ctx -> {
      LocalAdminRoutes.loopbackOnly(ctx);
      http.json(ctx, 200, move(ctx));
    });
  }

  private ObjectNode move(Context ctx) {
    JsonNode body = http.jsonBody(ctx);
    if (body == null || !body.isObject()) {
      throw bad("Send {\"advance\":\"8d\"} (or \"36h\", \"90m\", \"30s\") or {\"reset\":true}");
    }
    JsonNode reset = body.get("reset");
    JsonNode advance = body.get("advance");
    if (reset != null && !reset.isBoolean()) {
      throw bad("reset must be true or false");
    }
    if (reset != null && reset.asBoolean()) {
      if (advance != null && !advance.isNull()) {
        throw bad("Send either advance or reset, not both");
      }
      http.engine().clock().reset();
      return view();
    }
    if (advance == null || advance.isNull()) {
      throw bad("advance is required, e.g. {\"advance\":\"8d\"}");
    }
    if (!advance.isTextual()) {
      throw bad("advance must be a string such as \"8d\", \"36h\", \"90m\" or \"30s\"");
    }
    Duration d;
    try {
      d = DurationText.parse(advance.asText());
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage());
    }
    http.engine().advanceClock(d);
    return view();
  }

  private ObjectNode view() {
    EmulatorClock clock = http.engine().clock();
    Duration offset = clock.offset();
    ObjectNode o = http.json().createObjectNode();
    o.put("now", PgJson.iso(clock.instant()));
    o.put("offset", offset.toString());
    o.put("offset_seconds", offset.getSeconds());
    return o;
  }

  private static ApiException bad(String message) {
    return ApiException.badRequest("invalid_request", message);
  }
}

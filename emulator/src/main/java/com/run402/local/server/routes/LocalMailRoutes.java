package com.run402.local.server.routes;

import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.mail.CaughtMail;
import com.run402.local.runtime.mail.MailCatcher;
import com.run402.local.runtime.mail.MailFilter;
import com.run402.local.server.Http;
import com.run402.local.server.Routes;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * The mail catcher's inbox (Mailpit/Inbucket-style inspection), loopback only: {@code GET /__local/mail}
 * lists every email the emulator would have sent, newest first ({@code ?to=&project_id=&mailbox_id=
 * &template=&limit=}); {@code GET /__local/mail/:id} gives the parsed fields and the raw RFC 822 text;
 * {@code GET /__local/mail/:id/raw} the RFC 822 bytes as {@code message/rfc822}.
 */
public final class LocalMailRoutes {
  private final Http http;

  public LocalMailRoutes(Http http) {
    this.http = http;
  }

  private MailCatcher mail() {
    return http.engine().mail().catcher();
  }

  public void register(Routes r) {
    r.local("GET", "/__local/mail", ctx -> {
      LocalAdminRoutes.loopbackOnly(ctx);
      List<Map<String, Object>> out = mail().list(filter(ctx)).stream().map(CaughtMail::summary).toList();
      http.json(ctx, 200, Map.of("messages", out, "count", out.size()));
    });
    r.local("GET", "/__local/mail/:id", ctx -> {
      LocalAdminRoutes.loopbackOnly(ctx);
      http.json(ctx, 200, find(ctx).detail());
    });
    r.local("GET", "/__local/mail/:id/raw", ctx -> {
      LocalAdminRoutes.loopbackOnly(ctx);
      ctx.status(200).contentType("message/rfc822").result(find(ctx).raw());
    });
  }

  private CaughtMail find(Context ctx) {
    String id = ctx.pathParam("id");
    return mail().get(id).orElseThrow(() -> ApiException.notFound("not_found", "No caught mail with id " + id));
  }

  private static MailFilter filter(Context ctx) {
    String limit = ctx.queryParam("limit");
    int n = 100;
    if (limit != null) {
      try {
        n = Integer.parseInt(limit.trim());
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 1 || n > MailFilter.MAX_LIMIT) {
        throw ApiException.badRequest("invalid_request",
            "limit must be an integer between 1 and " + MailFilter.MAX_LIMIT);
      }
    }
    return new MailFilter(blankToNull(ctx.queryParam("to")), blankToNull(ctx.queryParam("project_id")),
        blankToNull(ctx.queryParam("mailbox_id")), blankToNull(ctx.queryParam("template")), n);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}

package com.run402.local.server.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.mail.CaughtMail;
import com.run402.local.runtime.mail.MailFilter;
import com.run402.local.runtime.mail.mailbox.Mailbox;
import com.run402.local.runtime.projects.Project;
import com.run402.local.server.Http;
import com.run402.local.server.Routes;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mailboxes and email, {@code /mailboxes/v1} (api-contract 2.9, legacy-gateway 1.14), all service key.
 * Sent mail goes to the mail catcher ({@code /__local/mail}); webhooks are delivered for real.
 */
public final class MailboxRoutes {
  private static final String PROOF = "MailboxRoutesIT, NodeAcceptanceIT";
  private static final String HOOKS = "MailboxWebhooksIT, NodeAcceptanceIT";

  private final Http http;

  public MailboxRoutes(Http http) {
    this.http = http;
  }

  public void register(Routes r) {
    r.add("POST", "/mailboxes/v1", PROOF, ctx -> {
      Project p = project(ctx);
      JsonNode body = http.jsonBody(ctx);
      JsonNode pid = body == null ? null : body.get("project_id");
      if (pid != null && pid.isTextual() && !pid.asText().equals(p.id())) {
        throw ApiException.forbidden("forbidden", "Token project_id mismatch");
      }
      http.json(ctx, 201, http.engine().mail().mailboxes().create(p.id(), body));
    });
    r.add("GET", "/mailboxes/v1", PROOF, ctx -> http.json(ctx, 200, http.engine().mail().mailboxes().list(project(ctx).id())));
    r.add("PATCH", "/mailboxes/v1/settings", PROOF,
        ctx -> http.json(ctx, 200, http.engine().mail().mailboxes().settings(project(ctx).id(), http.jsonBody(ctx))));
    r.add("GET", "/mailboxes/v1/:mailbox_id", PROOF,
        ctx -> http.json(ctx, 200, http.engine().mail().mailboxes().get(project(ctx).id(), ctx.pathParam("mailbox_id"))));
    r.add("PATCH", "/mailboxes/v1/:mailbox_id", PROOF, ctx -> http.json(ctx, 200,
        http.engine().mail().mailboxes().patch(project(ctx).id(), ctx.pathParam("mailbox_id"), http.jsonBody(ctx))));
    r.add("DELETE", "/mailboxes/v1/:mailbox_id", PROOF, ctx -> http.json(ctx, 200,
        http.engine().mail().mailboxes().delete(project(ctx).id(), ctx.pathParam("mailbox_id"))));
    r.partial("POST", "/mailboxes/v1/:mailbox_id/messages", PROOF,
        "mail is caught (GET /__local/mail), never sent; no daily/unique-recipient limits, suppression or custom "
            + "sender domains", ctx -> http.json(ctx, 201, http.engine().mail().sender().send(project(ctx).id(),
            ctx.pathParam("mailbox_id"), http.jsonBody(ctx))));
    r.partial("GET", "/mailboxes/v1/:mailbox_id/messages", PROOF, "outbound only (no inbound mail)",
        ctx -> http.json(ctx, 200, messages(ctx, mailbox(ctx))));
    r.partial("GET", "/mailboxes/v1/:mailbox_id/messages/:message_id", PROOF,
        "accepts msg_ ids (production's UUID check makes this route always 400)",
        ctx -> http.json(ctx, 200, detail(message(ctx, mailbox(ctx)))));
    r.partial("GET", "/mailboxes/v1/:mailbox_id/messages/:message_id/raw", PROOF,
        "serves the caught outbound RFC 822 (production: inbound only)",
        ctx -> ctx.status(200).contentType("message/rfc822").result(message(ctx, mailbox(ctx)).raw()));
    r.add("GET", "/mailboxes/v1/:mailbox_id/webhooks/deliveries", HOOKS, ctx -> http.json(ctx, 200,
        http.engine().mail().webhooks().deliveries(mailbox(ctx).id(), ctx.queryParam("status"), ctx.queryParam("after"),
            ctx.queryParam("limit"))));
    r.add("POST", "/mailboxes/v1/:mailbox_id/webhooks/deliveries/:delivery_id/redrive", HOOKS, ctx -> http.json(ctx,
        200, http.engine().mail().webhooks().redrive(mailbox(ctx).id(), ctx.pathParam("delivery_id"))));
    r.partial("POST", "/mailboxes/v1/:mailbox_id/webhooks", HOOKS,
        "also accepts http:// and loopback URLs so local receivers work; returns the signing secret",
        ctx -> http.json(ctx, 201, http.engine().mail().webhooks().register(mailbox(ctx).id(), http.jsonBody(ctx))));
    r.add("GET", "/mailboxes/v1/:mailbox_id/webhooks", HOOKS,
        ctx -> http.json(ctx, 200, http.engine().mail().webhooks().list(mailbox(ctx).id())));
    r.add("GET", "/mailboxes/v1/:mailbox_id/webhooks/:webhook_id", HOOKS,
        ctx -> http.json(ctx, 200, http.engine().mail().webhooks().get(mailbox(ctx).id(), ctx.pathParam("webhook_id"))));
    r.add("PATCH", "/mailboxes/v1/:mailbox_id/webhooks/:webhook_id", HOOKS, ctx -> http.json(ctx, 200,
        http.engine().mail().webhooks().update(mailbox(ctx).id(), ctx.pathParam("webhook_id"), http.jsonBody(ctx))));
    r.add("DELETE", "/mailboxes/v1/:mailbox_id/webhooks/:webhook_id", HOOKS, ctx -> {
      http.engine().mail().webhooks().delete(mailbox(ctx).id(), ctx.pathParam("webhook_id"));
      ctx.status(204);
    });
  }

  private Project project(Context ctx) {
    return http.engine().projectAuth().requireServiceKey(ctx.header("Authorization"), null);
  }

  private Mailbox mailbox(Context ctx) {
    return http.engine().mail().mailboxes().require(project(ctx).id(), ctx.pathParam("mailbox_id"));
  }

  private CaughtMail message(Context ctx, Mailbox mb) {
    return http.engine().mail().catcher().get(ctx.pathParam("message_id")).filter(m -> mb.id().equals(m.mailboxId()))
        .orElseThrow(() -> ApiException.notFound("message_not_found", "Message not found"));
  }

  private Map<String, Object> messages(Context ctx, Mailbox mb) {
    String dir = ctx.queryParam("direction");
    if (dir != null && !dir.equals("inbound") && !dir.equals("outbound")) {
      throw ApiException.badRequest("invalid_request", "direction must be inbound or outbound");
    }
    int limit = 50;
    String l = ctx.queryParam("limit");
    if (l != null) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > 100) {
        throw ApiException.badRequest("invalid_request", "limit must be an integer between 1 and 100");
      }
    }
    // One row more than the page tells whether there is a next one.
    List<CaughtMail> rows = "inbound".equals(dir) ? List.of()
        : http.engine().mail().catcher().list(new MailFilter(null, null, mb.id(), null, limit + 1, ctx.queryParam("after")));
    boolean more = rows.size() > limit;
    List<CaughtMail> page = more ? rows.subList(0, limit) : rows;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("messages", page.stream().map(MailboxRoutes::summary).toList());
    out.put("has_more", more);
    out.put("next_cursor", more ? page.get(page.size() - 1).id() : null);
    return out;
  }

  private static Map<String, Object> summary(CaughtMail m) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("id", m.id());
    o.put("message_id", m.id());
    o.put("mailbox_id", m.mailboxId());
    o.put("direction", "outbound");
    o.put("template", m.template());
    o.put("to", m.to());
    o.put("to_address", m.to());
    o.put("from_address", m.from());
    o.put("subject", m.subject());
    o.put("body_text", m.text());
    o.put("status", "sent");
    o.put("created_at", m.createdAt().toString());
    o.put("attachments_meta", m.attachments().isEmpty() ? null : m.attachments());
    return o;
  }

  private static Map<String, Object> detail(CaughtMail m) {
    Map<String, Object> o = summary(m);
    o.put("body_html", m.html());
    o.put("replies", List.of());
    return o;
  }
}

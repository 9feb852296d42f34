package com.run402.local.runtime.mail.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.run402.local.runtime.db.Jdbc;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.mail.CaughtMail;
import com.run402.local.runtime.mail.MailIds;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Mailbox webhooks (legacy-gateway 1.14) and their deliveries. Validation and messages are
 * production's, except that the emulator accepts {@code http://} and loopback URLs (production wants
 * https and no localhost) so tests can receive events on a local server. Callers check that the
 * mailbox belongs to the caller's project first.
 */
public final class WebhookService implements AutoCloseable {
  static final List<String> EVENTS = List.of("delivery", "bounced", "complained", "reply_received");

  private final DataSource db;
  private final ObjectMapper json;
  private final Clock clock;
  private final DeliveryStore deliveries;
  private final WebhookDispatcher dispatcher;
  private final SecureRandom random = new SecureRandom();

  public WebhookService(DataSource db, ObjectMapper json, Clock clock, WebhookOptions options) {
    this.db = db;
    this.json = json;
    this.clock = clock;
    this.deliveries = new DeliveryStore(db, json, clock);
    this.dispatcher = new WebhookDispatcher(deliveries, options, clock);
  }

  public Map<String, Object> register(String mailboxId, JsonNode body) {
    String url = url(body == null ? null : body.get("url"));
    List<String> events = events(body == null ? null : body.get("events"));
    String id = MailIds.next("whk", clock);
    byte[] s = new byte[24];
    random.nextBytes(s);
    exec("INSERT INTO internal.email_webhooks (id, mailbox_id, url, events, secret, created_at, updated_at) "
        + "VALUES (?,?,?,?::jsonb,?,?,?)", id, mailboxId, url, toJson(events), "whsec_" + HexFormat.of().formatHex(s),
        now(), now());
    return get(mailboxId, id);
  }

  public Map<String, Object> list(String mailboxId) {
    return Map.of("webhooks", query("WHERE mailbox_id = ? ORDER BY created_at DESC, id DESC", mailboxId, null));
  }

  public Map<String, Object> get(String mailboxId, String id) {
    return find(mailboxId, id).orElseThrow(() -> ApiException.notFound("webhook_not_found", "Webhook not found"));
  }

  public Map<String, Object> update(String mailboxId, String id, JsonNode body) {
    get(mailboxId, id);
    boolean hasUrl = body != null && body.has("url");
    boolean hasEvents = body != null && body.has("events");
    if (!hasUrl && !hasEvents) {
      throw ApiException.badRequest("invalid_request", "Provide at least one of 'url' or 'events' to update");
    }
    if (hasUrl) {
      exec("UPDATE internal.email_webhooks SET url = ?, updated_at = ? WHERE id = ?", url(body.get("url")), now(), id);
    }
    if (hasEvents) {
      exec("UPDATE internal.email_webhooks SET events = ?::jsonb, updated_at = ? WHERE id = ?",
          toJson(events(body.get("events"))), now(), id);
    }
    return get(mailboxId, id);
  }

  /** Idempotent, as production. Its deliveries still waiting end as failed: there is nowhere left to send them. */
  public void delete(String mailboxId, String id) {
    exec("DELETE FROM internal.email_webhooks WHERE mailbox_id = ? AND id = ?", mailboxId, id);
    deliveries.abandonOrphans(mailboxId, null);
  }

  /** A caught outbound message: queue a {@code delivery} event for each subscribed webhook. */
  public void messageDelivered(String mailboxId, CaughtMail m) {
    for (Map<String, Object> w : query("WHERE mailbox_id = ? AND events @> '[\"delivery\"]'::jsonb", mailboxId, null)) {
      String id = MailIds.next("whd", clock);
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("message_id", m.id());
      data.put("mailbox_id", mailboxId);
      data.put("to", m.to());
      data.put("from", m.from());
      data.put("subject", m.subject());
      data.put("template", m.template());
      data.put("status", "delivered");
      data.put("sent_at", m.createdAt().toString());
      Map<String, Object> envelope = new LinkedHashMap<>();
      envelope.put("event", "delivery");
      envelope.put("idempotency_key", id);
      envelope.put("webhook_id", w.get("webhook_id"));
      envelope.put("mailbox_id", mailboxId);
      envelope.put("created_at", clock.instant().toString());
      envelope.put("data", data);
      deliveries.insert(id, (String) w.get("webhook_id"), mailboxId, "delivery", (String) w.get("url"),
          toJson(envelope));
      dispatcher.schedule(id, Duration.ZERO);
    }
  }

  public Map<String, Object> deliveries(String mailboxId, String status, String after, String limit) {
    if (status != null && !List.of("pending", "in_flight", "delivered", "failed_permanent").contains(status)) {
      throw ApiException.badRequest("invalid_request",
          "Invalid status. Valid statuses: pending, in_flight, delivered, failed_permanent");
    }
    int n = 50;
    if (limit != null) {
      try {
        n = Integer.parseInt(limit);
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 1 || n > 200) {
        throw ApiException.badRequest("invalid_request", "limit must be an integer between 1 and 200");
      }
    }
    List<Map<String, Object>> rows = deliveries.list(mailboxId, status, after, n + 1);
    boolean more = rows.size() > n;
    List<Map<String, Object>> page = more ? rows.subList(0, n) : rows;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("deliveries", page);
    out.put("has_more", more);
    out.put("next_cursor", more ? page.get(page.size() - 1).get("delivery_id") : null);
    return out;
  }

  /** Re-queues a failed_permanent delivery for one more round of attempts. */
  public Map<String, Object> redrive(String mailboxId, String deliveryId) {
    deliveries.get(mailboxId, deliveryId)
        .orElseThrow(() -> ApiException.notFound("delivery_not_found", "Delivery not found"));
    if (!deliveries.requeue(deliveryId)) {
      throw ApiException.conflict("delivery_not_failed", "Only failed_permanent deliveries can be redriven");
    }
    dispatcher.schedule(deliveryId, Duration.ZERO);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", "requeued");
    out.put("delivery", deliveries.get(mailboxId, deliveryId).orElseThrow());
    return out;
  }

  /**
   * Schedules the deliveries a previous run left pending or in flight, each at its next attempt time
   * (at once when that has passed). The engine calls this once it has started; returns how many.
   */
  public int resume() {
    return dispatcher.resume();
  }

  /** Stops the delivery threads (pending deliveries stay pending for the next start). */
  @Override
  public void close() {
    dispatcher.close();
  }

  private static String url(JsonNode n) {
    if (n == null || !n.isTextual() || n.asText().isBlank()) {
      throw ApiException.badRequest("invalid_url", "Missing or invalid 'url' field");
    }
    URI u;
    try {
      u = new URI(n.asText().trim());
    } catch (Exception e) {
      throw ApiException.badRequest("invalid_url", "Invalid url: must be an absolute http:// or https:// URL");
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
      throw ApiException.badRequest("invalid_url", "Invalid url: must use http:// or https://");
    }
    return u.toString();
  }

  private static List<String> events(JsonNode n) {
    if (n == null || !n.isArray() || n.isEmpty()) {
      throw ApiException.badRequest("invalid_events", "Missing or invalid 'events' array");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : n) {
      if (!e.isTextual() || !EVENTS.contains(e.asText())) {
        throw ApiException.badRequest("invalid_events",
            "Invalid event: " + e.asText() + ". Valid events: " + String.join(", ", EVENTS));
      }
      if (!out.contains(e.asText())) {
        out.add(e.asText());
      }
    }
    return out;
  }

  private Optional<Map<String, Object>> find(String mailboxId, String id) {
    return query("WHERE mailbox_id = ? AND id = ?", mailboxId, id).stream().findFirst();
  }

  private List<Map<String, Object>> query(String where, String mailboxId, String id) {
    String sql = "SELECT id, url, events::text, secret, created_at, updated_at FROM internal.email_webhooks " + where;
    try {
      return Jdbc.query(db, sql, this::row, id == null ? new Object[] {mailboxId} : new Object[] {mailboxId, id});
    } catch (SQLException e) {
      throw new IllegalStateException("webhooks: " + e.getMessage(), e);
    }
  }

  private Map<String, Object> row(ResultSet rs) throws SQLException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("webhook_id", rs.getString(1));
    m.put("url", rs.getString(2));
    try {
      m.put("events", json.readTree(rs.getString(3)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("webhooks: bad events: " + e.getMessage(), e);
    }
    m.put("secret", rs.getString(4)); // emulator addition: the HMAC key of Run402-Webhook-Signature
    m.put("created_at", rs.getTimestamp(5).toInstant().toString());
    m.put("updated_at", rs.getTimestamp(6).toInstant().toString());
    return m;
  }

  private void exec(String sql, Object... args) {
    try {
      Jdbc.update(db, sql, args);
    } catch (SQLException e) {
      throw new IllegalStateException("webhooks: " + e.getMessage(), e);
    }
  }

  private String toJson(Object o) {
    try {
      return json.writeValueAsString(o);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private Timestamp now() {
    return Timestamp.from(clock.instant());
  }
}

package com.run402.local.runtime.mail.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.run402.local.runtime.db.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** SQL over internal.email_webhook_deliveries: one row per event per webhook, with its attempt log. */
final class DeliveryStore {
  record Pending(String id, String url, String secret, String event, String payload, int attempts) {}

  /** A delivery waiting for its next attempt at {@code due}. */
  record Due(String id, Instant due) {}

  private static final String VIEW = "SELECT id, webhook_id, event, status, attempts, last_status, last_error, "
      + "next_attempt_at, delivered_at, created_at, attempt_log::text FROM internal.email_webhook_deliveries ";

  private final DataSource db;
  private final ObjectMapper json;
  private final Clock clock;

  DeliveryStore(DataSource db, ObjectMapper json, Clock clock) {
    this.db = db;
    this.json = json;
    this.clock = clock;
  }

  void insert(String id, String webhookId, String mailboxId, String event, String url, String payload) {
    exec("INSERT INTO internal.email_webhook_deliveries (id, webhook_id, mailbox_id, event, url, payload, "
        + "next_attempt_at, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)", id, webhookId, mailboxId, event, url,
        payload, now(), now(), now());
  }

  static final String WEBHOOK_DELETED = "The webhook was deleted";

  /**
   * Pending deliveries whose webhook is gone end as failed rather than waiting for ever: those of a mailbox when a
   * webhook is deleted, or one delivery (deleted while its attempt was in flight, which then queued a retry).
   */
  void abandonOrphans(String mailboxId, String deliveryId) {
    exec("UPDATE internal.email_webhook_deliveries d SET status = 'failed_permanent', last_error = ?, "
        + "next_attempt_at = NULL, updated_at = ? WHERE d.status = 'pending' AND d.mailbox_id = coalesce(?::text, d.mailbox_id) "
        + "AND d.id = coalesce(?::text, d.id) "
        + "AND NOT EXISTS (SELECT 1 FROM internal.email_webhooks w WHERE w.id = d.webhook_id)", WEBHOOK_DELETED, now(),
        mailboxId, deliveryId);
  }

  /** Marks a pending delivery in flight and returns what to send (the webhook's current secret). */
  Optional<Pending> claim(String id) {
    try {
      return Jdbc.query(db, "UPDATE internal.email_webhook_deliveries d SET status = 'in_flight', updated_at = ? "
          + "FROM internal.email_webhooks w WHERE d.id = ? AND d.status = 'pending' AND w.id = d.webhook_id "
          + "RETURNING d.id, d.url, w.secret, d.event, d.payload, d.attempts",
          rs -> new Pending(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
              rs.getInt(6)), now(), id).stream().findFirst();
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** An attempt cut short by shutdown: back to pending, not counted, due at once on the next start. */
  void release(String id) {
    exec("UPDATE internal.email_webhook_deliveries SET status = 'pending', next_attempt_at = ?, updated_at = ? "
        + "WHERE id = ? AND status = 'in_flight'", now(), now(), id);
  }

  /**
   * What a new engine resumes: every pending delivery with its due time, after putting back to
   * pending, due at once, the ones a previous run left in flight (it stopped mid-attempt; that
   * attempt never completed, so it is not counted).
   */
  List<Due> resumable() {
    exec("UPDATE internal.email_webhook_deliveries SET status = 'pending', next_attempt_at = ?, updated_at = ? "
        + "WHERE status = 'in_flight'", now(), now());
    try {
      return Jdbc.query(db, "SELECT id, next_attempt_at FROM internal.email_webhook_deliveries "
          + "WHERE status = 'pending' ORDER BY next_attempt_at NULLS FIRST, id", rs -> {
            Timestamp t = rs.getTimestamp(2);
            return new Due(rs.getString(1), t == null ? clock.instant() : t.toInstant());
          });
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** Appends one attempt; {@code retryIn} null means final (delivered or failed_permanent). */
  void recordAttempt(String id, int attempt, Integer code, String error, long ms, Duration retryIn) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("attempt", attempt);
    entry.put("at", clock.instant().toString());
    entry.put("status_code", code);
    entry.put("error", error);
    entry.put("duration_ms", ms);
    String status = error == null ? "delivered" : retryIn == null ? "failed_permanent" : "pending";
    Timestamp next = error == null || retryIn == null ? null : Timestamp.from(clock.instant().plus(retryIn));
    try {
      exec("UPDATE internal.email_webhook_deliveries SET status = ?, attempts = ?, last_status = ?, last_error = ?, "
          + "next_attempt_at = ?, delivered_at = CASE WHEN ? THEN ? ELSE delivered_at END, updated_at = ?, "
          + "attempt_log = attempt_log || jsonb_build_array(?::jsonb) WHERE id = ?", status, attempt, code, error, next,
          error == null, now(), now(), json.writeValueAsString(entry), id);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** failed_permanent -> pending; false when the delivery is in another state. */
  boolean requeue(String id) {
    return exec("UPDATE internal.email_webhook_deliveries SET status = 'pending', next_attempt_at = ?, updated_at = ? "
        + "WHERE id = ? AND status = 'failed_permanent'", now(), now(), id) == 1;
  }

  Optional<Map<String, Object>> get(String mailboxId, String id) {
    return query(VIEW + "WHERE mailbox_id = ? AND id = ?", List.of(mailboxId, id), 1).stream().findFirst();
  }

  /** Newest first; {@code after} is a delivery id (cursor), {@code status} optional. */
  List<Map<String, Object>> list(String mailboxId, String status, String after, int limit) {
    StringBuilder sql = new StringBuilder(VIEW + "WHERE mailbox_id = ?");
    List<Object> args = new ArrayList<>(List.of(mailboxId));
    if (status != null) {
      sql.append(" AND status = ?");
      args.add(status);
    }
    if (after != null) {
      sql.append(" AND (created_at, id) < (SELECT created_at, id FROM internal.email_webhook_deliveries WHERE id = ?)");
      args.add(after);
    }
    sql.append(" ORDER BY created_at DESC, id DESC");
    return query(sql.toString(), args, limit);
  }

  private List<Map<String, Object>> query(String sql, List<Object> args, int limit) {
    List<Object> all = new ArrayList<>(args);
    all.add(limit);
    try {
      return Jdbc.query(db, sql + " LIMIT ?", this::view, all.toArray());
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private Map<String, Object> view(ResultSet rs) throws SQLException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("delivery_id", rs.getString(1));
    m.put("webhook_id", rs.getString(2));
    m.put("event_type", rs.getString(3));
    m.put("status", rs.getString(4));
    m.put("attempts", rs.getInt(5));
    m.put("last_status", rs.getObject(6));
    m.put("last_error", rs.getString(7));
    m.put("next_attempt_at", iso(rs.getTimestamp(8)));
    m.put("delivered_at", iso(rs.getTimestamp(9)));
    m.put("created_at", iso(rs.getTimestamp(10)));
    try {
      m.put("attempt_log", json.readTree(rs.getString(11)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("webhook deliveries: bad attempt_log: " + e.getMessage(), e);
    }
    return m;
  }

  private int exec(String sql, Object... args) {
    try {
      return Jdbc.update(db, sql, args);
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private static IllegalStateException failure(SQLException e) {
    return new IllegalStateException("webhook deliveries: " + e.getMessage(), e);
  }

  private Timestamp now() {
    return Timestamp.from(clock.instant());
  }

  private static String iso(Timestamp t) {
    return t == null ? null : t.toInstant().toString();
  }
}

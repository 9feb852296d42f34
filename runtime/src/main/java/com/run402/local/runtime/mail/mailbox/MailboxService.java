package com.run402.local.runtime.mail.mailbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.mail.MailIds;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Project mailboxes of {@code /mailboxes/v1} with production's rules and messages (legacy-gateway 1.14,
 * api-contract 2.9): slug rules, at most {@value #MAX_PER_PROJECT} live mailboxes per project, a deleted
 * slug unavailable for 90 days, and the project's default-outbound / auth-sender choices. The first
 * mailbox becomes both, so the SDK's {@code email.send} works without a settings call.
 */
public final class MailboxService {
  public static final int MAX_PER_PROJECT = 5;
  private static final Duration COOLDOWN = Duration.ofDays(90);
  private static final Set<String> FOOTER_POLICIES = Set.of("default", "omit");

  private final MailboxStore store;
  private final Clock clock;

  public MailboxService(DataSource db, Clock clock) {
    this.store = new MailboxStore(db);
    this.clock = clock;
  }

  /** POST /mailboxes/v1: the new mailbox's record plus the project's settings. */
  public synchronized Map<String, Object> create(String projectId, JsonNode body) {
    JsonNode slugNode = body == null ? null : body.get("slug");
    if (slugNode == null || !slugNode.isTextual() || slugNode.asText().isEmpty()) {
      throw ApiException.badRequest("invalid_request", "Missing or invalid 'slug' field");
    }
    String slug = slugNode.asText();
    SlugRules.check(slug);
    Instant now = clock.instant();
    return sql(() -> {
      if (store.live(projectId, now).size() >= MAX_PER_PROJECT) {
        throw ApiException.conflict("mailbox_limit", "Project mailbox limit reached (" + MAX_PER_PROJECT + ")");
      }
      var holder = store.bySlug(slug, now);
      if (holder.isPresent() && !holder.get().tombstoned()) {
        throw ApiException.conflict("slug_in_use", "Slug already in use");
      }
      if (holder.isPresent() && holder.get().tombstonedAt().plus(COOLDOWN).isAfter(now)) {
        throw ApiException.conflict("address_cooldown", "Address is in cooldown period");
      }
      String id = MailIds.next("mbx", clock);
      store.insert(id, projectId, slug, now);
      MailboxSettings s = store.settings(projectId);
      MailboxSettings filled = new MailboxSettings(s.defaultOutbound() == null ? id : s.defaultOutbound(),
          s.authSender() == null ? id : s.authSender());
      store.saveSettings(projectId, filled);
      Map<String, Object> out = store.find(id, now).orElseThrow().view(filled);
      out.put("mailbox_settings", filled.view());
      return out;
    });
  }

  /** GET /mailboxes/v1: live mailboxes, newest first, with the settings. */
  public Map<String, Object> list(String projectId) {
    return sql(() -> {
      MailboxSettings s = store.settings(projectId);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("mailboxes", store.live(projectId, clock.instant()).stream().map(m -> m.view(s)).toList());
      out.put("mailbox_settings", s.view());
      return out;
    });
  }

  /** A live mailbox of the project: 404 "Mailbox not found", 403 for another project's. */
  public Mailbox require(String projectId, String mailboxId) {
    Mailbox m = sql(() -> store.find(mailboxId, clock.instant()))
        .orElseThrow(() -> ApiException.notFound("mailbox_not_found", "Mailbox not found"));
    if (!m.projectId().equals(projectId)) {
      throw ApiException.forbidden("forbidden", "Mailbox owned by different project");
    }
    if (m.tombstoned()) {
      throw ApiException.notFound("mailbox_not_found", "Mailbox not found");
    }
    return m;
  }

  /** As {@link #require}, with the send route's message for a deleted mailbox. */
  public Mailbox requireForSend(String projectId, String mailboxId) {
    Mailbox m = sql(() -> store.find(mailboxId, clock.instant()))
        .orElseThrow(() -> ApiException.notFound("mailbox_not_found", "Mailbox not found"));
    if (!m.projectId().equals(projectId)) {
      throw ApiException.forbidden("forbidden", "Mailbox owned by different project");
    }
    if (m.tombstoned()) {
      throw ApiException.notFound("mailbox_deleted", "Mailbox has been deleted");
    }
    if ("suspended".equals(m.status())) {
      throw ApiException.forbidden("mailbox_suspended", "Mailbox is suspended due to abuse");
    }
    return m;
  }

  public Map<String, Object> get(String projectId, String mailboxId) {
    Mailbox m = require(projectId, mailboxId);
    return m.view(sql(() -> store.settings(projectId)));
  }

  /** DELETE /mailboxes/v1/:id: tombstones it (the slug then cools down for 90 days). */
  public Map<String, Object> delete(String projectId, String mailboxId) {
    Mailbox m = require(projectId, mailboxId);
    sql(() -> {
      store.tombstone(m.id(), clock.instant());
      return null;
    });
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", "deleted");
    out.put("mailbox_id", m.id());
    out.put("address", m.address());
    return out;
  }

  /** PATCH /mailboxes/v1/:id {footer_policy}. */
  public Map<String, Object> patch(String projectId, String mailboxId, JsonNode body) {
    Mailbox m = require(projectId, mailboxId);
    JsonNode p = body == null ? null : body.get("footer_policy");
    if (p == null || !p.isTextual() || !FOOTER_POLICIES.contains(p.asText())) {
      throw ApiException.badRequest("invalid_request", "Missing or invalid 'footer_policy' field. Valid values: "
          + String.join(", ", FOOTER_POLICIES.stream().sorted().toList()));
    }
    sql(() -> {
      store.footerPolicy(m.id(), p.asText(), clock.instant());
      return null;
    });
    return get(projectId, mailboxId);
  }

  /** PATCH /mailboxes/v1/settings: each given id must be a live mailbox of the project (null clears). */
  public synchronized Map<String, Object> settings(String projectId, JsonNode body) {
    if (body == null || !body.isObject()
        || !(body.has("default_outbound_mailbox_id") || body.has("auth_sender_mailbox_id"))) {
      throw ApiException.badRequest("invalid_request",
          "Provide default_outbound_mailbox_id and/or auth_sender_mailbox_id");
    }
    MailboxSettings s = sql(() -> store.settings(projectId));
    String outbound = pick(projectId, body, "default_outbound_mailbox_id", s.defaultOutbound());
    String auth = pick(projectId, body, "auth_sender_mailbox_id", s.authSender());
    sql(() -> {
      store.saveSettings(projectId, new MailboxSettings(outbound, auth));
      return null;
    });
    return list(projectId);
  }

  /** The mailbox that sends the project's auth mail (magic links, invites), if any. */
  public java.util.Optional<Mailbox> authSender(String projectId) {
    return sql(() -> {
      String id = store.settings(projectId).authSender();
      return id == null ? java.util.Optional.<Mailbox>empty() : store.find(id, clock.instant());
    });
  }

  private String pick(String projectId, JsonNode body, String field, String current) {
    if (!body.has(field)) {
      return current;
    }
    JsonNode v = body.get(field);
    if (v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiException.badRequest("invalid_request", "'" + field + "' must be a mailbox id or null");
    }
    return require(projectId, v.asText()).id();
  }

  /** Lists of ids of the project's live mailboxes (for tests and the auth work). */
  public List<String> liveIds(String projectId) {
    return sql(() -> store.live(projectId, clock.instant()).stream().map(Mailbox::id).toList());
  }

  interface SqlWork<T> {
    T run() throws SQLException;
  }

  static <T> T sql(SqlWork<T> w) {
    try {
      return w.run();
    } catch (SQLException e) {
      throw new IllegalStateException("mailbox store: " + e.getMessage(), e);
    }
  }
}

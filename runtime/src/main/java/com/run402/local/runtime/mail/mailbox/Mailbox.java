package com.run402.local.runtime.mail.mailbox;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A mailbox row with its send counters (today, UTC, and distinct recipients ever). */
public record Mailbox(
    String id,
    String projectId,
    String slug,
    String status,
    String footerPolicy,
    int sendsToday,
    int uniqueRecipients,
    Instant createdAt,
    Instant updatedAt,
    Instant tombstonedAt) {
  public static final String DOMAIN = "mail.run402.com";

  public String address() {
    return slug + "@" + DOMAIN;
  }

  public boolean tombstoned() {
    return "tombstoned".equals(status);
  }

  /** MailboxRecord of api-contract 2.9. */
  public Map<String, Object> view(MailboxSettings settings) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mailbox_id", id);
    m.put("address", address());
    m.put("slug", slug);
    m.put("project_id", projectId);
    m.put("status", tombstoned() ? "deleted" : status);
    m.put("sends_today", sendsToday);
    m.put("unique_recipients", uniqueRecipients);
    m.put("created_at", createdAt.toString());
    m.put("updated_at", updatedAt.toString());
    m.put("is_default_outbound", id.equals(settings.defaultOutbound()));
    m.put("is_auth_sender", id.equals(settings.authSender()));
    m.put("can_send", "active".equals(status));
    m.put("send_blocked_reason", "active".equals(status) ? null : status);
    m.put("domain_kind", "managed");
    m.put("address_domain", DOMAIN);
    m.put("managed_domain", DOMAIN);
    m.put("can_receive", false);
    m.put("footer_policy", footerPolicy);
    m.put("effective_footer_policy", footerPolicy);
    return m;
  }
}

package com.run402.local.runtime.mail;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An email as the catcher stored it: the parsed fields and the RFC 822 bytes that were "sent". */
public record CaughtMail(
    String id,
    String projectId,
    String mailboxId,
    String template,
    String from,
    String to,
    String subject,
    String text,
    String html,
    List<Map<String, Object>> attachments,
    byte[] raw,
    Instant createdAt) {

  /** The list view of {@code GET /__local/mail}: no bodies. */
  public Map<String, Object> summary() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("project_id", projectId);
    m.put("mailbox_id", mailboxId);
    m.put("template", template);
    m.put("from", from);
    m.put("to", to);
    m.put("subject", subject);
    m.put("attachments", attachments);
    m.put("size", raw.length);
    m.put("created_at", createdAt.toString());
    return m;
  }

  /** The detail view of {@code GET /__local/mail/:id}: the parsed fields plus the raw RFC 822 text. */
  public Map<String, Object> detail() {
    Map<String, Object> m = summary();
    m.put("text", text);
    m.put("html", html);
    m.put("raw", new String(raw, StandardCharsets.UTF_8)); // MIME output is 7-bit/ASCII-safe
    return m;
  }
}

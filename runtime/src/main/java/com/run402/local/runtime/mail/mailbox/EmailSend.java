package com.run402.local.runtime.mail.mailbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.runtime.error.ApiException;
import com.run402.local.runtime.mail.CaughtMail;
import com.run402.local.runtime.mail.MailCatcher;
import com.run402.local.runtime.mail.MailIds;
import com.run402.local.runtime.mail.OutboundEmail;
import com.run402.local.runtime.mail.webhook.WebhookService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code POST /mailboxes/v1/:id/messages} (legacy-gateway 1.14 send rules): validates the body with
 * production's messages, renders the template or raw mail with production's footer, hands it to the
 * catcher instead of SES, and queues the {@code delivery} webhook event. Not emulated: daily and
 * unique-recipient limits, suppression lists, custom sender domains.
 */
public final class EmailSend {
  private static final Pattern EMAIL = Pattern.compile("^[^\\s@<>\"]+@[^\\s@<>\"]+\\.[^\\s@<>\"]+$");
  private static final int MAX_HTML = 1024 * 1024;
  private static final String FOOTER_TEXT = "\n\n--\nSent by an AI agent via run402.com\nhttps://run402.com";
  private static final String FOOTER_HTML = "<hr><p style=\"font-size:12px;color:#888\">Sent by an AI agent via "
      + "<a href=\"https://run402.com\">run402.com</a></p>";

  private final MailboxService mailboxes;
  private final MailCatcher catcher;
  private final WebhookService webhooks;
  private final Clock clock;

  public EmailSend(MailboxService mailboxes, MailCatcher catcher, WebhookService webhooks, Clock clock) {
    this.mailboxes = mailboxes;
    this.catcher = catcher;
    this.webhooks = webhooks;
    this.clock = clock;
  }

  public Map<String, Object> send(String projectId, String mailboxId, JsonNode body) {
    Mailbox mb = mailboxes.requireForSend(projectId, mailboxId);
    if (body == null || !body.isObject()) {
      throw bad("Provide either 'template' + 'variables', or 'subject' + 'html' for raw mode");
    }
    JsonNode toNode = body.get("to");
    if (toNode == null || !toNode.isTextual() || !EMAIL.matcher(toNode.asText().trim()).matches()) {
      throw bad("Missing or invalid 'to' field — must be a single email address");
    }
    String to = toNode.asText().trim();
    String from = from(mb, body.get("from_name"));
    String template = text(body, "template");
    boolean raw = body.hasNonNull("subject") || body.hasNonNull("html");
    if (template == null && !raw) {
      throw bad("Provide either 'template' + 'variables', or 'subject' + 'html' for raw mode");
    }
    String subject;
    String text;
    String html;
    List<OutboundEmail.Attachment> attachments = List.of();
    if (template != null) {
      Templates.Rendered r = Templates.render(template, body.get("variables"));
      subject = r.subject();
      text = r.text();
      html = r.html();
    } else {
      subject = text(body, "subject");
      html = text(body, "html");
      if (subject == null || subject.isEmpty()) {
        throw bad("Subject is required for raw email");
      }
      if (html == null || html.isEmpty()) {
        throw bad("HTML body is required for raw email");
      }
      if (subject.length() > 998) {
        throw bad("Subject exceeds 998 character limit");
      }
      if (html.length() > MAX_HTML) {
        throw bad("HTML body exceeds 1MB limit");
      }
      text = text(body, "text");
      if (text == null) {
        text = html.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", "").replaceAll("<[^>]+>", "").trim();
      }
      attachments = Attachments.parse(body.get("attachments"));
    }
    if (!"omit".equals(mb.footerPolicy())) {
      text = text + FOOTER_TEXT;
      html = html + FOOTER_HTML;
    }
    OutboundEmail mail = new OutboundEmail(projectId, mb.id(), from, to, subject, text, html, attachments, template);
    CaughtMail stored = catcher.store(mail, MailIds.next("msg", clock));
    webhooks.messageDelivered(mb.id(), stored);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("message_id", stored.id());
    out.put("to", to);
    out.put("template", template);
    out.put("subject", subject);
    out.put("status", "sent");
    out.put("sent_at", stored.createdAt().toString());
    out.put("mailbox_id", mb.id());
    out.put("from_address", mb.address());
    return out;
  }

  private static String from(Mailbox mb, JsonNode name) {
    if (name == null || name.isNull()) {
      return mb.address();
    }
    String n = name.asText();
    if (n.length() > 78) {
      throw bad("Display name exceeds 78 character limit");
    }
    if (n.matches("(?s).*[<>\"\\r\\n].*")) {
      throw bad("Display name contains invalid characters");
    }
    return "\"" + n + "\" <" + mb.address() + ">";
  }

  private static String text(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw bad("'" + field + "' must be a string");
    }
    return n.asText();
  }

  static ApiException bad(String message) {
    return ApiException.badRequest("invalid_request", message);
  }

  /** The raw-mode attachments, [{filename, content_base64, content_type}]. */
  static final class Attachments {
    private static final int MAX_TOTAL = 10 * 1024 * 1024;

    private Attachments() {}

    static List<OutboundEmail.Attachment> parse(JsonNode list) {
      if (list == null || list.isNull()) {
        return List.of();
      }
      if (!list.isArray()) {
        throw bad("'attachments' must be an array of {filename, content_base64, content_type}");
      }
      List<OutboundEmail.Attachment> out = new ArrayList<>();
      long total = 0;
      for (int i = 0; i < list.size(); i++) {
        JsonNode a = list.get(i);
        String where = "attachments[" + i + "]";
        if (!a.isObject() || !a.path("filename").isTextual() || a.path("filename").asText().isBlank()
            || !a.path("content_base64").isTextual()) {
          throw bad(where + " needs a filename and content_base64");
        }
        String type = a.path("content_type").isTextual() ? a.path("content_type").asText()
            : "application/octet-stream";
        if (!type.matches("[\\w.+-]+/[\\w.+-]+")) {
          throw bad(where + ".content_type is not a MIME type: " + type);
        }
        byte[] bytes;
        try {
          bytes = Base64.getMimeDecoder().decode(strictBase64(a.path("content_base64").asText(), where));
        } catch (IllegalArgumentException e) {
          throw bad(where + ".content_base64 is not valid base64");
        }
        total += bytes.length;
        if (total > MAX_TOTAL) {
          throw new ApiException(413, "payload_too_large", "Attachments exceed 10MB in total");
        }
        out.add(new OutboundEmail.Attachment(a.get("filename").asText(), type, bytes));
      }
      return out;
    }

    private static String strictBase64(String s, String where) {
      String compact = s.replaceAll("\\s", "");
      if (!compact.matches("[A-Za-z0-9+/]*={0,2}") || compact.length() % 4 != 0) {
        throw bad(where + ".content_base64 is not valid base64");
      }
      return compact;
    }
  }
}

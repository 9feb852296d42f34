package com.run402.local.runtime.mail.mailbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.runtime.error.ApiException;
import java.util.List;
import java.util.Map;

/**
 * The send route's templates (legacy-gateway 1.14). Production's wording is not in our notes, so the
 * subjects and bodies here are ours; the names, the required variables' errors and the 500-character
 * notification limit are production's. Variables are HTML-escaped in the HTML part.
 */
public final class Templates {
  public record Rendered(String subject, String text, String html) {}

  static final Map<String, List<String>> REQUIRED = Map.of(
      "project_invite", List.of("project_name", "invite_url"),
      "magic_link", List.of("project_name", "link_url"),
      "notification", List.of("project_name", "message"));

  private Templates() {}

  public static Rendered render(String template, JsonNode vars) {
    List<String> required = REQUIRED.get(template);
    if (required == null) {
      throw ApiException.badRequest("invalid_template",
          "Unknown template. Valid templates: project_invite, magic_link, notification");
    }
    for (String v : required) {
      JsonNode n = vars == null ? null : vars.get(v);
      if (n == null || !n.isValueNode() || n.isNull() || n.asText().isEmpty()) {
        throw ApiException.badRequest("missing_variable", "Missing required variable: " + v);
      }
    }
    String project = vars.get("project_name").asText();
    switch (template) {
      case "project_invite": {
        String url = vars.get("invite_url").asText();
        return new Rendered("You're invited to " + project,
            "You have been invited to " + project + ".\n\nAccept the invitation: " + url,
            "<p>You have been invited to <b>" + esc(project) + "</b>.</p><p><a href=\"" + esc(url)
                + "\">Accept the invitation</a></p>");
      }
      case "magic_link": {
        String url = vars.get("link_url").asText();
        JsonNode exp = vars.get("expires_in");
        String expiry = exp == null || exp.isNull() ? "" : " This link expires in " + exp.asText() + ".";
        return new Rendered("Sign in to " + project,
            "Sign in to " + project + ": " + url + "\n" + expiry.trim(),
            "<p><a href=\"" + esc(url) + "\">Sign in to " + esc(project) + "</a></p><p>" + esc(expiry.trim())
                + "</p>");
      }
      default: {
        String msg = vars.get("message").asText();
        if (msg.length() > 500) {
          throw ApiException.badRequest("message_too_long", "Message exceeds 500 character limit");
        }
        return new Rendered("Notification from " + project, msg, "<p>" + esc(msg) + "</p>");
      }
    }
  }

  public static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}

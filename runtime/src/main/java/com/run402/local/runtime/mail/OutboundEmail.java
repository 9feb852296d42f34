package com.run402.local.runtime.mail;

import java.util.List;

/**
 * One email the emulator would send. Everything that sends mail (mailbox sends, magic links,
 * invites) builds one of these and hands it to {@link MailCatcher#send}; nothing leaves the machine.
 *
 * @param projectId the project it belongs to (null for platform mail)
 * @param mailboxId the sending mailbox ({@code mbx_...}), or null when not sent through one
 * @param from the From header, e.g. {@code "App" <app@mail.run402.com>}
 * @param to one recipient address
 * @param subject the subject line
 * @param text the plain-text body (null: HTML only)
 * @param html the HTML body (null: text only); at least one of text and html is required
 * @param attachments files to attach (may be empty)
 * @param template the template name ({@code magic_link}, {@code project_invite}, ...) or null for raw mail
 */
public record OutboundEmail(
    String projectId,
    String mailboxId,
    String from,
    String to,
    String subject,
    String text,
    String html,
    List<Attachment> attachments,
    String template) {

  /** A file attached to an email. */
  public record Attachment(String filename, String contentType, byte[] content) {}

  public OutboundEmail {
    if (from == null || to == null || subject == null) {
      throw new IllegalArgumentException("from, to and subject are required");
    }
    if (text == null && html == null) {
      throw new IllegalArgumentException("an email needs a text or an html body");
    }
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
  }

  /** A plain-text email outside any mailbox, e.g. a magic link from the auth routes. */
  public static OutboundEmail text(String projectId, String from, String to, String subject, String text,
      String template) {
    return new OutboundEmail(projectId, null, from, to, subject, text, null, List.of(), template);
  }
}

package com.run402.local.runtime.users;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.run402.local.runtime.mail.MailCatcher;
import com.run402.local.runtime.mail.OutboundEmail;
import com.run402.local.runtime.mail.mailbox.Mailbox;
import com.run402.local.runtime.mail.mailbox.MailboxService;
import com.run402.local.runtime.mail.mailbox.Templates;
import com.run402.local.runtime.projects.Project;
import java.util.List;
import java.util.Optional;

/**
 * Renders and sends the auth emails (magic link, email code, invite) into the mail catcher, with
 * the send route's templates ({@code magic_link}, {@code project_invite}).
 *
 * <p>From: the project's auth sender mailbox if one is chosen, else its first live mailbox (production
 * sends through the project's mailbox). Production sends nothing when a project has no mailbox; the
 * emulator catches the mail anyway from {@link #DEFAULT_FROM}, so a developer can still sign in, and
 * says so in the response's {@code warnings}.
 */
final class AuthMailer {
  /** The From of auth mail of a project without a mailbox (a run402 mail domain address, never delivered). */
  static final String DEFAULT_FROM = "no-reply@" + Mailbox.DOMAIN;
  static final String EXPIRES_IN = "15 minutes";

  private final MailCatcher mail;
  private final MailboxService mailboxes;
  private final ObjectMapper json;

  AuthMailer(MailCatcher mail, MailboxService mailboxes, ObjectMapper json) {
    this.mail = mail;
    this.mailboxes = mailboxes;
    this.json = json;
  }

  /** Sends a sign-in email with a link, a code or both; returns the warnings for the response. */
  List<String> signIn(Project p, String to, String link, String code) {
    Templates.Rendered r;
    if (link != null) {
      ObjectNode vars = json.createObjectNode().put("project_name", p.name()).put("link_url", link)
          .put("expires_in", EXPIRES_IN);
      r = Templates.render("magic_link", vars);
    } else {
      r = new Templates.Rendered("Your sign-in code for " + p.name(), "", "");
    }
    if (code != null) {
      String line = "Your sign-in code: " + code + " (expires in " + EXPIRES_IN + ")";
      r = new Templates.Rendered(r.subject(), (r.text() + "\n\n" + line).trim(),
          (r.html() + "<p>" + Templates.esc(line) + "</p>"));
    }
    return send(p, to, r, "magic_link");
  }

  /** Sends the invitation of {@code POST /auth/v1/admin/users} with {@code send_invite}. */
  List<String> invite(Project p, String to, String link) {
    ObjectNode vars = json.createObjectNode().put("project_name", p.name()).put("invite_url", link);
    return send(p, to, Templates.render("project_invite", vars), "project_invite");
  }

  private List<String> send(Project p, String to, Templates.Rendered r, String template) {
    Optional<Mailbox> sender = sender(p.id());
    String from = sender.map(Mailbox::address).orElse(DEFAULT_FROM);
    mail.send(new OutboundEmail(p.id(), sender.map(Mailbox::id).orElse(null), from, to, r.subject(), r.text(),
        r.html(), List.of(), template));
    if (sender.isPresent()) {
      return List.of();
    }
    return List.of("The project has no mailbox: production sends auth email only from a project mailbox. "
        + "run402-local caught this one from " + DEFAULT_FROM + " (see GET /__local/mail).");
  }

  private Optional<Mailbox> sender(String projectId) {
    Optional<Mailbox> chosen = mailboxes.authSender(projectId).filter(m -> !m.tombstoned());
    if (chosen.isPresent()) {
      return chosen;
    }
    return mailboxes.liveIds(projectId).stream().findFirst().map(id -> mailboxes.require(projectId, id));
  }
}

package com.run402.local.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.run402.local.runtime.mail.MailCatcher;
import com.run402.local.runtime.mail.mailbox.EmailSend;
import com.run402.local.runtime.mail.mailbox.MailboxService;
import com.run402.local.runtime.mail.webhook.WebhookService;
import javax.sql.DataSource;

/**
 * Email ({@code Engine.mail()}): nothing leaves the machine.
 *
 * @param catcher every email the emulator would send is stored here instead ({@code /__local/mail})
 * @param mailboxes project mailboxes of {@code /mailboxes/v1}
 * @param webhooks mailbox webhooks and their deliveries (threads stop with the engine)
 * @param sender the send route of {@code /mailboxes/v1/:id/messages}
 */
public record MailServices(MailCatcher catcher, MailboxService mailboxes, WebhookService webhooks, EmailSend sender) {

  static MailServices create(RuntimeConfig config, DataSource admin, ObjectMapper json) {
    MailCatcher catcher = new MailCatcher(admin, json, config.clock());
    MailboxService mailboxes = new MailboxService(admin, config.clock());
    WebhookService webhooks = new WebhookService(admin, json, config.clock(), config.webhooks());
    return new MailServices(catcher, mailboxes, webhooks, new EmailSend(mailboxes, catcher, webhooks, config.clock()));
  }
}

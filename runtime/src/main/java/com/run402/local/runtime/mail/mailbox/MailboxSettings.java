package com.run402.local.runtime.mail.mailbox;

import java.util.LinkedHashMap;
import java.util.Map;

/** A project's mailbox choices: which mailbox sends by default, which sends auth mail. */
public record MailboxSettings(String defaultOutbound, String authSender) {
  public Map<String, Object> view() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("default_outbound_mailbox_id", defaultOutbound);
    m.put("auth_sender_mailbox_id", authSender);
    return m;
  }
}

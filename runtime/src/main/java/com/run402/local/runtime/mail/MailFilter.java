package com.run402.local.runtime.mail;

/**
 * What {@link MailCatcher#list} returns: every field optional (null = any); newest first.
 *
 * @param to recipient address, case-insensitive exact match
 * @param projectId project id
 * @param mailboxId sending mailbox id
 * @param template template name
 * @param limit at most this many (1..500)
 * @param after keyset cursor: only mail older than the message with this id (an unknown id is ignored)
 */
public record MailFilter(String to, String projectId, String mailboxId, String template, int limit, String after) {
  public static final int MAX_LIMIT = 500;

  public MailFilter {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
    }
  }

  public MailFilter(String to, String projectId, String mailboxId, String template, int limit) {
    this(to, projectId, mailboxId, template, limit, null);
  }

  public static MailFilter all() {
    return new MailFilter(null, null, null, null, 100);
  }
}

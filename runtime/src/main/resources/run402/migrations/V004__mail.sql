-- Mail (issue 4): the catcher's store of every email the emulator would have sent, the project
-- mailboxes of /mailboxes/v1, their webhooks and every webhook delivery with its attempts.

-- Every outbound email, whoever produced it (mailbox send, magic link, invite). No foreign key to
-- projects: caught mail outlives a deleted project until /__local/reset.
CREATE TABLE internal.mail_messages (
  id           text PRIMARY KEY,                 -- msg_<ms>_<6 base36>
  project_id   text,
  mailbox_id   text,
  template     text,
  from_address text NOT NULL,
  to_address   text NOT NULL,
  subject      text NOT NULL,
  text_body    text,
  html_body    text,
  attachments  jsonb NOT NULL DEFAULT '[]',      -- [{filename, content_type, size}]
  raw          bytea NOT NULL,                   -- the RFC 822 message
  created_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX mail_messages_created ON internal.mail_messages (created_at DESC, id DESC);
CREATE INDEX mail_messages_mailbox ON internal.mail_messages (mailbox_id, created_at DESC);

-- status: active | tombstoned (deleted; the slug stays unavailable for 90 days).
CREATE TABLE internal.mailboxes (
  id            text PRIMARY KEY,                -- mbx_<ms>_<6 base36>
  project_id    text NOT NULL REFERENCES internal.projects(id) ON DELETE CASCADE,
  slug          text NOT NULL,
  status        text NOT NULL DEFAULT 'active',
  footer_policy text NOT NULL DEFAULT 'default',
  created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  tombstoned_at timestamptz
);
CREATE UNIQUE INDEX mailboxes_live_slug ON internal.mailboxes (slug) WHERE status <> 'tombstoned';
CREATE INDEX mailboxes_project ON internal.mailboxes (project_id);

CREATE TABLE internal.mailbox_settings (
  project_id                  text PRIMARY KEY REFERENCES internal.projects(id) ON DELETE CASCADE,
  default_outbound_mailbox_id text,
  auth_sender_mailbox_id      text
);

CREATE TABLE internal.email_webhooks (
  id         text PRIMARY KEY,                   -- whk_<ms>_<6 base36>
  mailbox_id text NOT NULL REFERENCES internal.mailboxes(id) ON DELETE CASCADE,
  url        text NOT NULL,
  events     jsonb NOT NULL,
  secret     text NOT NULL,                      -- HMAC-SHA256 key of X-Run402-Signature
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- status: pending | in_flight | delivered | failed_permanent (the SDK's DELIVERY_STATUSES).
-- attempt_log: [{attempt, at, status_code, error, duration_ms}], one entry per HTTP attempt.
CREATE TABLE internal.email_webhook_deliveries (
  id          text PRIMARY KEY,                  -- whd_<ms>_<6 base36>
  webhook_id  text NOT NULL,
  mailbox_id  text NOT NULL REFERENCES internal.mailboxes(id) ON DELETE CASCADE,
  event       text NOT NULL,
  url         text NOT NULL,
  payload     text NOT NULL,                     -- the exact body that is signed and POSTed
  status      text NOT NULL DEFAULT 'pending',
  attempts    integer NOT NULL DEFAULT 0,
  attempt_log jsonb NOT NULL DEFAULT '[]',
  last_status integer,
  last_error  text,
  next_attempt_at timestamptz,
  delivered_at timestamptz,
  created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX email_webhook_deliveries_mailbox ON internal.email_webhook_deliveries (mailbox_id, created_at DESC);

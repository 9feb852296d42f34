-- Magic links and email codes of POST /auth/v1/magic-link (legacy-gateway 1.7; api-contract 2.5).
-- One row per request: the link's token and the 6-digit code are stored only as SHA-256 hashes;
-- the row id is the challenge_id that grant_type=email_code presents with the code. A row is
-- single use (used_at), lives 15 minutes, and a newer request for the same email spends the older ones.
CREATE TABLE internal.magic_links (
  id            uuid PRIMARY KEY,
  project_id    text NOT NULL REFERENCES internal.projects(id) ON DELETE CASCADE,
  email         text NOT NULL CHECK (email = lower(email)),
  token_hash    text UNIQUE,
  code_hash     text,
  code_attempts integer NOT NULL DEFAULT 0,
  redirect_url  text,
  intent        text NOT NULL,
  client_state  text,
  state_source  text NOT NULL,
  delivery      text NOT NULL,
  expires_at    timestamptz NOT NULL,
  used_at       timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX magic_links_email_idx ON internal.magic_links (project_id, email);

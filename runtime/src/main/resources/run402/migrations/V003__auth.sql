-- End users of each project (legacy-gateway 1.7 and 2.4). They live in the control plane, like
-- production's internal.users: tenants never read them; RLS sees only the access token's claims
-- (auth.uid() is the token's sub, which is users.id).
CREATE TABLE internal.users (
  id                uuid PRIMARY KEY,
  project_id        text NOT NULL REFERENCES internal.projects(id) ON DELETE CASCADE,
  email             text NOT NULL CHECK (email = lower(email)),
  password_hash     text,
  is_admin          boolean NOT NULL DEFAULT false,
  email_verified_at timestamptz,
  display_name      text,
  avatar_url        text,
  last_sign_in_at   timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (project_id, email)
);

-- One row per sign-in. Reusing a spent refresh token revokes the whole session.
CREATE TABLE internal.user_sessions (
  id          uuid PRIMARY KEY,
  project_id  text NOT NULL REFERENCES internal.projects(id) ON DELETE CASCADE,
  user_id     uuid NOT NULL REFERENCES internal.users(id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);
CREATE INDEX user_sessions_user_idx ON internal.user_sessions (user_id);

-- Refresh tokens: single use, rotated, 30 days. Only the SHA-256 of the token is kept.
CREATE TABLE internal.refresh_tokens (
  token_hash  text PRIMARY KEY,
  session_id  uuid NOT NULL REFERENCES internal.user_sessions(id) ON DELETE CASCADE,
  project_id  text NOT NULL REFERENCES internal.projects(id) ON DELETE CASCADE,
  user_id     uuid NOT NULL REFERENCES internal.users(id) ON DELETE CASCADE,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refresh_tokens_session_idx ON internal.refresh_tokens (session_id);

-- PATCH /auth/v1/settings; a project without a row has the defaults.
CREATE TABLE internal.auth_settings (
  project_id                        text PRIMARY KEY REFERENCES internal.projects(id) ON DELETE CASCADE,
  allow_password_set                boolean NOT NULL DEFAULT false,
  preferred_sign_in_method          text,
  public_signup                     text NOT NULL DEFAULT 'open',
  require_passkey_for_project_admin boolean NOT NULL DEFAULT false,
  allowed_email_domains             text[] NOT NULL DEFAULT '{}',
  updated_at                        timestamptz NOT NULL DEFAULT now()
);

-- Per-project ES256 signing keys of user access tokens. The PKCS#8 private key is sealed with
-- AES-256-GCM under a key derived from the data dir's master key; x and y are the public JWK.
CREATE TABLE internal.project_jwt_keys (
  kid          text PRIMARY KEY,
  project_id   text NOT NULL REFERENCES internal.projects(id) ON DELETE CASCADE,
  sealed_key   bytea NOT NULL,
  x            text NOT NULL,
  y            text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX project_jwt_keys_project_idx ON internal.project_jwt_keys (project_id);

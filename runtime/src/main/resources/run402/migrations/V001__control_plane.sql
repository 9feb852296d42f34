-- Control plane. Schema `internal` belongs to the superuser; no project role has any privilege on it.
CREATE SCHEMA IF NOT EXISTS internal;
REVOKE ALL ON SCHEMA internal FROM PUBLIC;

-- Nothing lives in public; tenants must not create or read there.
REVOKE ALL ON SCHEMA public FROM PUBLIC;

-- A wallet is the principal of SIWX-authenticated routes (lower-case 0x address).
CREATE TABLE internal.wallets (
  address          text PRIMARY KEY CHECK (address ~ '^0x[0-9a-f]{40}$'),
  checksum_address text NOT NULL,
  tier             text,
  lease_started_at timestamptz,
  lease_expires_at timestamptz,
  first_seen_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at     timestamptz NOT NULL DEFAULT now()
);

-- Schema slots pNNNN are numbered by this sequence and never reused while the data dir lives.
CREATE SEQUENCE internal.slot_seq START 1;

CREATE TABLE internal.projects (
  id               text PRIMARY KEY,
  public_id        text NOT NULL UNIQUE,
  name             text NOT NULL,
  schema_slot      text NOT NULL UNIQUE,
  tier             text NOT NULL DEFAULT 'prototype',
  status           text NOT NULL DEFAULT 'active',
  wallet_address   text REFERENCES internal.wallets(address),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX projects_wallet_idx ON internal.projects (wallet_address, created_at DESC);

-- Issued project keys. A key verifies only while its row exists and is not revoked.
CREATE TABLE internal.project_keys (
  key_id      text PRIMARY KEY,
  project_id  text NOT NULL REFERENCES internal.projects(id) ON DELETE CASCADE,
  role        text NOT NULL CHECK (role IN ('anon', 'service_role')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);
CREATE INDEX project_keys_project_idx ON internal.project_keys (project_id);

-- Usage counters, flushed from memory by the usage meter.
CREATE TABLE internal.usage_counters (
  project_id     text PRIMARY KEY REFERENCES internal.projects(id) ON DELETE CASCADE,
  api_calls      bigint NOT NULL DEFAULT 0,
  storage_bytes  bigint NOT NULL DEFAULT 0,
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Idempotency-Key replay store: same principal + route + key + payload -> same response.
CREATE TABLE internal.idempotency_keys (
  scope         text NOT NULL,
  key           text NOT NULL,
  request_hash  text NOT NULL,
  status_code   int NOT NULL,
  response_body jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);

-- Claims helpers used by RLS policies and user SQL (PostgREST / Supabase convention).
CREATE SCHEMA IF NOT EXISTS auth;
REVOKE ALL ON SCHEMA auth FROM PUBLIC;
GRANT USAGE ON SCHEMA auth TO PUBLIC;

CREATE OR REPLACE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT COALESCE(NULLIF(current_setting('request.jwt.claims', true), '')::jsonb, '{}'::jsonb)
$$;
CREATE OR REPLACE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN (auth.jwt() ->> 'sub') ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
              THEN (auth.jwt() ->> 'sub')::uuid END
$$;
CREATE OR REPLACE FUNCTION auth.role() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT NULLIF(auth.jwt() ->> 'role', '')
$$;
CREATE OR REPLACE FUNCTION auth.project_id() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT NULLIF(auth.jwt() ->> 'project_id', '')
$$;
CREATE OR REPLACE FUNCTION auth.email() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT NULLIF(auth.jwt() ->> 'email', '')
$$;

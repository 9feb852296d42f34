-- Unified apply (api-contract 2.2), sites and subdomains (2.8, legacy-gateway 1.9-1.11, 7.3-7.5),
-- project secrets (2.4). Every byte a release names lives in the content store (sha256).

-- A plan: the validated wire spec of one apply, committed at most once.
CREATE TABLE internal.apply_plans (
  id              text PRIMARY KEY,
  project_id      text NOT NULL REFERENCES internal.projects(id) ON DELETE CASCADE,
  operation_id    text NOT NULL UNIQUE,
  spec            jsonb NOT NULL,
  base_release_id text,
  manifest_digest text NOT NULL,
  idempotency_key text,
  committed_at    timestamptz,
  expires_at      timestamptz NOT NULL,
  created_at      timestamptz NOT NULL
);

-- The deploy operation of a plan; status follows api-contract 2.2 OperationSnapshot.
CREATE TABLE internal.apply_operations (
  id                text PRIMARY KEY,
  project_id        text NOT NULL REFERENCES internal.projects(id) ON DELETE CASCADE,
  plan_id           text NOT NULL,
  status            text NOT NULL,
  base_release_id   text,
  target_release_id text,
  release_id        text,
  error             jsonb,
  activate_attempts integer NOT NULL DEFAULT 0,
  last_activate_attempt_at timestamptz,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL
);
CREATE INDEX apply_operations_project_idx ON internal.apply_operations (project_id, created_at DESC, id DESC);

CREATE TABLE internal.apply_events (
  id           bigserial PRIMARY KEY,
  operation_id text NOT NULL REFERENCES internal.apply_operations(id) ON DELETE CASCADE,
  type         text NOT NULL,
  payload      jsonb NOT NULL,
  created_at   timestamptz NOT NULL
);
CREATE INDEX apply_events_op_idx ON internal.apply_events (operation_id, id);

-- Immutable releases (legacy deployments are releases too); manifest = the full resolved state.
CREATE TABLE internal.releases (
  id              text PRIMARY KEY,
  project_id      text NOT NULL REFERENCES internal.projects(id) ON DELETE CASCADE,
  manifest        jsonb NOT NULL,
  manifest_digest text NOT NULL,
  operation_id    text,
  site_files      integer NOT NULL,
  site_bytes      bigint NOT NULL,
  created_at      timestamptz NOT NULL
);
CREATE INDEX releases_project_idx ON internal.releases (project_id, created_at DESC);

-- The live release of each project: activation is one update of this row.
CREATE TABLE internal.active_releases (
  project_id   text PRIMARY KEY REFERENCES internal.projects(id) ON DELETE CASCADE,
  release_id   text NOT NULL REFERENCES internal.releases(id),
  activated_at timestamptz NOT NULL
);

-- Migrations applied once per id; a re-used id with another checksum is refused.
CREATE TABLE internal.applied_migrations (
  project_id   text NOT NULL REFERENCES internal.projects(id) ON DELETE CASCADE,
  migration_id text NOT NULL,
  checksum     text NOT NULL,
  release_id   text,
  applied_at   timestamptz NOT NULL,
  PRIMARY KEY (project_id, migration_id)
);

-- Content plans: which refs a client was asked to upload, and where.
CREATE TABLE internal.content_plans (
  id           text PRIMARY KEY,
  project_id   text NOT NULL REFERENCES internal.projects(id) ON DELETE CASCADE,
  entries      jsonb NOT NULL,
  committed_at timestamptz,
  expires_at   timestamptz NOT NULL,
  created_at   timestamptz NOT NULL
);

-- Claimed subdomains; release_id is what they serve (repointed when the project activates a release).
CREATE TABLE internal.subdomains (
  name        text PRIMARY KEY,
  project_id  text NOT NULL REFERENCES internal.projects(id) ON DELETE CASCADE,
  release_id  text NOT NULL REFERENCES internal.releases(id),
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL
);
CREATE INDEX subdomains_project_idx ON internal.subdomains (project_id, created_at DESC);

-- Project secrets (values never leave the control plane through the API).
CREATE TABLE internal.project_secrets (
  project_id  text NOT NULL REFERENCES internal.projects(id) ON DELETE CASCADE,
  key         text NOT NULL,
  value       text NOT NULL,
  value_hash  text NOT NULL,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (project_id, key)
);

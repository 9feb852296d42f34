-- Deployed functions (api-contract 2.3, legacy-gateway 1.5 / 6 / 5 table "functions"). The raw source is kept
-- with the esbuild output that the workers load; code_hash = sha256 hex of the raw source.
CREATE TABLE internal.functions (
  project_id      text NOT NULL REFERENCES internal.projects(id) ON DELETE CASCADE,
  name            text NOT NULL,
  runtime         text NOT NULL DEFAULT 'node22',
  source          text NOT NULL,
  compiled        text NOT NULL,
  code_hash       text NOT NULL,
  deps            jsonb NOT NULL DEFAULT '[]',
  timeout_seconds integer NOT NULL,
  memory_mb       integer NOT NULL,
  schedule        text,
  schedule_meta   jsonb,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  PRIMARY KEY (project_id, name)
);

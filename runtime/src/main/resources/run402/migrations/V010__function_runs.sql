-- Durable function runs (api-contract 2.3 P2, run402-core-notes 3.6): one row per run, the latest attempt in
-- last_attempt. Idempotency is per project and function: the same key with the same intent (digest) returns the
-- existing run, with another intent it is refused.
CREATE TABLE internal.function_runs (
  run_id            text PRIMARY KEY,
  project_id        text NOT NULL REFERENCES internal.projects(id) ON DELETE CASCADE,
  function_name     text NOT NULL,
  event_type        text NOT NULL,
  idempotency_key   text NOT NULL,
  intent_digest     text NOT NULL,
  payload           jsonb NOT NULL,
  source            jsonb NOT NULL,
  status            text NOT NULL,
  generation        integer NOT NULL,
  run_at            timestamptz NOT NULL,
  expires_at        timestamptz,
  max_attempts      integer NOT NULL,
  min_delay_seconds integer NOT NULL,
  max_delay_seconds integer NOT NULL,
  attempt_current   integer NOT NULL,
  attempts_total    integer NOT NULL,
  next_attempt_at   timestamptz,
  last_attempt      jsonb,
  last_error        jsonb,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  completed_at      timestamptz,
  UNIQUE (project_id, function_name, idempotency_key)
);
CREATE INDEX function_runs_due ON internal.function_runs (next_attempt_at)
  WHERE status IN ('scheduled', 'queued', 'retrying');
CREATE INDEX function_runs_list ON internal.function_runs (project_id, function_name, created_at DESC);

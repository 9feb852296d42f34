-- Function log lines (console.*, uncaught errors, run and schedule notes), the last 1000 per function, so logs
-- outlive a restart as the runs and schedules they describe do. Written behind the in-memory copy in batches.
CREATE TABLE internal.function_logs (
  id            bigserial PRIMARY KEY,
  project_id    text NOT NULL REFERENCES internal.projects(id) ON DELETE CASCADE,
  function_name text NOT NULL,
  ts_ms         bigint NOT NULL,
  level         text NOT NULL,
  message       text NOT NULL,
  request_id    text
);
CREATE INDEX function_logs_by_function ON internal.function_logs (project_id, function_name, id DESC);

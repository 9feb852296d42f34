-- The last expose manifest applied to each project (POST /projects/v1/admin/:id/expose), so that GET
-- can return it verbatim and a re-apply can tell what was removed. `fingerprint` digests the project's
-- grants, policies, triggers and views right after the apply: the same manifest over an unchanged
-- schema is a no-op that executes no DDL. NULL means "re-converge on the next apply".
CREATE TABLE internal.expose_manifests (
  project_id   text PRIMARY KEY REFERENCES internal.projects(id) ON DELETE CASCADE,
  manifest     jsonb NOT NULL,
  fingerprint  text,
  applied_at   timestamptz NOT NULL DEFAULT now()
);

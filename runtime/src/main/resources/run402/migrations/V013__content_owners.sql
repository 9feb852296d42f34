-- Which content each project may name by its hash (ContentOwners). The content store keeps each distinct content
-- once, whoever uploaded it; naming bytes by hash is a right a project earns by uploading them itself.
CREATE TABLE internal.content_owners (
  project_id text NOT NULL REFERENCES internal.projects(id) ON DELETE CASCADE,
  sha256     text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  PRIMARY KEY (project_id, sha256)
);

-- What projects uploaded (committed content plans) or released before this table existed.
INSERT INTO internal.content_owners (project_id, sha256)
SELECT project_id, e ->> 'sha256' FROM internal.content_plans, jsonb_array_elements(entries) e
WHERE committed_at IS NOT NULL AND (e ->> 'sha256') ~ '^[0-9a-f]{64}$'
UNION
SELECT project_id, m[1] FROM internal.releases, regexp_matches(manifest::text, '"sha256": ?"([0-9a-f]{64})"', 'g') m
ON CONFLICT DO NOTHING;

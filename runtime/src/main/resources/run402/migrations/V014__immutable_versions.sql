-- Earlier versions of immutable public assets. An immutable URL (/storage/v1/immutable/<project>/<sha256>/<key>)
-- names one version of a key and keeps serving it after the key is overwritten, as a CDN path by content hash
-- does; deleting the key ends every version.
CREATE TABLE internal.immutable_versions (
  project_id   text NOT NULL REFERENCES internal.projects(id) ON DELETE CASCADE,
  key          text NOT NULL,
  sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes   bigint NOT NULL,
  content_type text NOT NULL,
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (project_id, key, sha256)
);
CREATE INDEX immutable_versions_sha_idx ON internal.immutable_versions (sha256);

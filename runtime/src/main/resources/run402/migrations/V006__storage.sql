-- Project storage (api-contract 2.7, legacy-gateway 1.8): every stored object is a key of a
-- project in one namespace, pointing at content-addressed bytes (content store, sha256).
--   namespace 'blobs'   : the S3 endpoint's bucket <project_id>, /storage/v1/blob(s) and assets
--   namespace 'objects' : legacy upload_file objects, key '<bucket>/<path>'
CREATE TABLE internal.storage_objects (
  project_id    text NOT NULL REFERENCES internal.projects(id) ON DELETE CASCADE,
  namespace     text NOT NULL CHECK (namespace IN ('blobs', 'objects')),
  key           text NOT NULL,
  sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes    bigint NOT NULL CHECK (size_bytes >= 0),
  content_type  text NOT NULL,
  visibility    text NOT NULL DEFAULT 'private' CHECK (visibility IN ('public', 'private')),
  immutable     boolean NOT NULL DEFAULT false,
  metadata      jsonb,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (project_id, namespace, key)
);
CREATE INDEX storage_objects_sha_idx ON internal.storage_objects (sha256);
CREATE INDEX storage_objects_created_idx ON internal.storage_objects (project_id, namespace, created_at, key);

-- S3 multipart uploads in progress; each part's bytes are already in the content store.
CREATE TABLE internal.s3_uploads (
  upload_id     text PRIMARY KEY,
  project_id    text NOT NULL REFERENCES internal.projects(id) ON DELETE CASCADE,
  key           text NOT NULL,
  content_type  text NOT NULL,
  created_at    timestamptz NOT NULL
);
CREATE TABLE internal.s3_upload_parts (
  upload_id     text NOT NULL REFERENCES internal.s3_uploads(upload_id) ON DELETE CASCADE,
  part_number   integer NOT NULL CHECK (part_number BETWEEN 1 AND 10000),
  sha256        text NOT NULL,
  size_bytes    bigint NOT NULL,
  PRIMARY KEY (upload_id, part_number)
);

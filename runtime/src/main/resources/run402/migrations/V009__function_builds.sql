-- What a function was built from and with (api-contract 2.3 rebuild): a multi-file function's files (relative
-- path -> base64 bytes) and entrypoint, so it can be built again; the build fingerprint (esbuild and
-- @run402/functions versions plus the build options) and the bundled @run402/functions version.
-- Rows from before this migration have NULL fingerprints, reported as such by a rebuild.
ALTER TABLE internal.functions
  ADD COLUMN files jsonb,
  ADD COLUMN entrypoint text,
  ADD COLUMN build_fingerprint text,
  ADD COLUMN runtime_version text;

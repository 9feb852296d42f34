-- The concrete versions npm installed for a function's direct deps (name -> version; {} without deps), as the
-- current API reports them (deps_resolved). NULL for rows deployed before they were recorded: a rebuild refuses
-- those (CANNOT_REBUILD_UNLOCKED_DEPS) as production does for functions deployed before dependency locking.
ALTER TABLE internal.functions ADD COLUMN deps_resolved jsonb;

-- Relations exposed as REST resources: tables, views, materialized views, foreign tables and
-- partitioned tables (but not their partitions) of the exposed schemas ($1 = text[]).
-- pg_relation_is_updatable() is a bitmask of 1 << CmdType: 8 = INSERT, 4 = UPDATE, 16 = DELETE;
-- only views and foreign tables need it (plain tables are always writable, matviews never).
SELECT c.oid::int8                                  AS oid,
       n.nspname::text                              AS schema,
       c.relname::text                              AS name,
       c.relkind::text                              AS kind,
       c.reltype::int8                              AS reltype,
       obj_description(c.oid, 'pg_class')           AS description,
       CASE WHEN c.relkind IN ('v', 'f')
            THEN pg_relation_is_updatable(c.oid::regclass, true)
            ELSE 0 END                              AS upd
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY (?::text[])
  AND c.relkind IN ('r', 'v', 'm', 'f', 'p')
  AND NOT c.relispartition
ORDER BY n.nspname, c.relname

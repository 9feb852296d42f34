-- Plain functions (prokind 'f': no aggregates, window functions or procedures) of the exposed
-- schemas ($1 = text[]); trigger functions are not callable and left out. All parameters come
-- with their mode (i, o, b = INOUT, v = VARIADIC, t = TABLE column); the return type is resolved
-- through domains. Run with search_path = '' so that format_type() qualifies non-catalog types.
WITH RECURSIVE
dom(top, cur) AS (
  SELECT t.oid, t.typbasetype FROM pg_type t WHERE t.typtype = 'd'
  UNION ALL
  SELECT d.top, b.typbasetype FROM dom d JOIN pg_type b ON b.oid = d.cur AND b.typtype = 'd'
),
dom_base AS (
  SELECT d.top, d.cur AS base FROM dom d JOIN pg_type x ON x.oid = d.cur AND x.typtype <> 'd'
)
SELECT p.oid::int8                              AS oid,
       n.nspname::text                          AS schema,
       p.proname::text                          AS name,
       obj_description(p.oid, 'pg_proc')        AS description,
       p.pronargdefaults::int4                  AS ndefaults,
       p.proretset                              AS setof,
       p.prorows::float8                        AS rows,
       p.provolatile::text                      AS volatility,
       p.prorettype::int8                       AS rettype,
       format_type(p.prorettype, NULL)          AS ret_formatted,
       rn.nspname::text                         AS ret_schema,
       COALESCE(rc.relname, rt.typname)::text   AS ret_name,
       rt.typtype::text                         AS ret_typtype,
       rt.oid::int8                             AS ret_base,
       rc.relkind::text                         AS ret_relkind,
       args.types, args.type_oids, args.modes, args.names
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
LEFT JOIN dom_base db ON db.top = p.prorettype
JOIN pg_type rt ON rt.oid = COALESCE(db.base, p.prorettype)
JOIN pg_namespace rn ON rn.oid = rt.typnamespace
LEFT JOIN pg_class rc ON rc.oid = rt.typrelid
LEFT JOIN LATERAL (
  SELECT array_agg(format_type(u.typ, NULL) ORDER BY u.ord) AS types,
         array_agg(u.typ::int8 ORDER BY u.ord)              AS type_oids,
         array_agg(COALESCE(u.mode, 'i') ORDER BY u.ord)     AS modes,
         array_agg(COALESCE(u.nm, '') ORDER BY u.ord)        AS names
  FROM unnest(COALESCE(p.proallargtypes, p.proargtypes::oid[]), p.proargmodes::text[], p.proargnames)
       WITH ORDINALITY AS u(typ, mode, nm, ord)
  WHERE u.typ IS NOT NULL
) args ON true
WHERE n.nspname = ANY (?::text[])
  AND p.prokind = 'f'
  AND p.prorettype NOT IN ('trigger'::regtype, 'event_trigger'::regtype)
ORDER BY n.nspname, p.proname, p.oid

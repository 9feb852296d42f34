-- Primary key, unique and foreign key constraints touching the given relations ($1 = oid[]):
-- PK/UNIQUE/FK declared on them, and FKs referencing them. Column lists keep key order.
-- conparentid = 0 skips the per-partition clones of a partitioned table's constraints.
SELECT k.oid::int8          AS oid,
       k.conname::text      AS name,
       k.contype::text      AS type,
       k.conrelid::int8     AS relid,
       k.confrelid::int8    AS frelid,
       cols.nums, cols.names, cols.fnums, cols.fnames
FROM pg_constraint k
CROSS JOIN LATERAL (
  SELECT array_agg(u.col::int4 ORDER BY u.ord)       AS nums,
         array_agg(a.attname::text ORDER BY u.ord)   AS names,
         array_agg(u.ref::int4 ORDER BY u.ord)       AS fnums,
         array_agg(f.attname::text ORDER BY u.ord)   AS fnames
  FROM unnest(k.conkey, k.confkey) WITH ORDINALITY AS u(col, ref, ord)
  JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.col
  LEFT JOIN pg_attribute f ON f.attrelid = k.confrelid AND f.attnum = u.ref
) cols
WHERE k.conparentid = 0
  AND ((k.contype IN ('p', 'u', 'f') AND k.conrelid = ANY (?::oid[]))
       OR (k.contype = 'f' AND k.confrelid = ANY (?::oid[])))
ORDER BY k.conrelid, k.conname, k.oid

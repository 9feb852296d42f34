-- Columns of the relations of the exposed schemas ($1 = text[]), in attribute order.
-- Domains are resolved (recursively: a domain may sit on another domain) to their base type so
-- that enum values, max length, array/json flags, NOT NULL and DEFAULT come through domains too.
-- Run with search_path = '' so that format_type() qualifies every type outside pg_catalog.
WITH RECURSIVE
dom(top, cur, mod, isnotnull, def) AS (
  SELECT t.oid, t.typbasetype, t.typtypmod, t.typnotnull, pg_get_expr(t.typdefaultbin, 0)
  FROM pg_type t WHERE t.typtype = 'd'
  UNION ALL
  SELECT d.top, b.typbasetype,
         CASE WHEN d.mod = -1 THEN b.typtypmod ELSE d.mod END,
         d.isnotnull OR b.typnotnull,
         COALESCE(d.def, pg_get_expr(b.typdefaultbin, 0))
  FROM dom d JOIN pg_type b ON b.oid = d.cur AND b.typtype = 'd'
),
dom_base AS (
  SELECT d.top, d.cur AS base, d.mod, d.isnotnull, d.def
  FROM dom d JOIN pg_type x ON x.oid = d.cur AND x.typtype <> 'd'
),
cols AS (
  SELECT a.attrelid, a.attname, a.attnum, a.atttypid, a.atttypmod, a.attnotnull,
         a.attidentity, a.attgenerated, n.nspname, c.relname,
         COALESCE(db.base, a.atttypid) AS base,
         CASE WHEN db.top IS NULL THEN a.atttypmod ELSE db.mod END AS basemod,
         COALESCE(db.isnotnull, false) AS domnotnull,
         db.def AS domdef
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN dom_base db ON db.top = a.atttypid
  WHERE n.nspname = ANY (?::text[])
    AND c.relkind IN ('r', 'v', 'm', 'f', 'p')
    AND NOT c.relispartition
    AND a.attnum > 0
    AND NOT a.attisdropped
)
SELECT k.attrelid::int8                              AS relid,
       k.attname::text                               AS name,
       k.attnum::int4                                AS position,
       format_type(k.atttypid, k.atttypmod)          AS type,
       -- pg_catalog names stay bare (varchar, int4); user types are qualified and quoted if needed
       CASE WHEN t.typcategory = 'A' AND t.typelem <> 0
            THEN CASE WHEN en.nspname = 'pg_catalog' THEN e.typname::text
                      ELSE quote_ident(en.nspname) || '.' || quote_ident(e.typname) END || '[]'
            ELSE CASE WHEN tn.nspname = 'pg_catalog' THEN t.typname::text
                      ELSE quote_ident(tn.nspname) || '.' || quote_ident(t.typname) END
       END                                           AS nominal,
       NOT (k.attnotnull OR k.domnotnull)            AS nullable,
       CASE WHEN k.attgenerated <> '' OR k.attidentity = 'a' THEN NULL
            WHEN k.attidentity = 'd' THEN format('nextval(%L::regclass)',
                 pg_get_serial_sequence(quote_ident(k.nspname) || '.' || quote_ident(k.relname), k.attname))
            ELSE COALESCE(pg_get_expr(ad.adbin, ad.adrelid), k.domdef)
       END                                           AS def,
       CASE WHEN k.base IN ('bpchar'::regtype, 'varchar'::regtype) AND k.basemod >= 4 THEN k.basemod - 4
            WHEN k.base IN ('bit'::regtype, 'varbit'::regtype) AND k.basemod >= 0 THEN k.basemod
       END                                           AS maxlen,
       (SELECT array_agg(l.enumlabel::text ORDER BY l.enumsortorder)
          FROM pg_enum l WHERE l.enumtypid = k.base) AS enumvals,
       (k.attgenerated <> '' OR k.attidentity = 'a') AS generated,
       bt.typcategory = 'A'                          AS isarray,
       k.base IN ('json'::regtype, 'jsonb'::regtype) AS isjson,
       col_description(k.attrelid, k.attnum)         AS description
FROM cols k
JOIN pg_type t ON t.oid = k.atttypid
JOIN pg_namespace tn ON tn.oid = t.typnamespace
JOIN pg_type bt ON bt.oid = k.base
LEFT JOIN pg_type e ON e.oid = t.typelem
LEFT JOIN pg_namespace en ON en.oid = e.typnamespace
LEFT JOIN pg_attrdef ad ON ad.adrelid = k.attrelid AND ad.adnum = k.attnum
ORDER BY k.attrelid, k.attnum

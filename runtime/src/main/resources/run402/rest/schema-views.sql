-- Stored query trees (pg_node_tree text) of the given views / materialized views ($1 = oid[]).
SELECT c.oid::int8 AS oid, r.ev_action::text AS tree
FROM pg_class c
JOIN pg_rewrite r ON r.ev_class = c.oid AND r.rulename = '_RETURN'
WHERE c.oid = ANY (?::oid[]) AND c.relkind IN ('v', 'm')

package com.run402.local.runtime.schema;

/** Catalog queries behind the schema report; each takes the schema name as its one parameter. */
final class SchemaQueries {
  private SchemaQueries() {}

  static final String TABLES = """
      SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, c.reltuples::bigint
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = ? AND c.relkind IN ('r', 'p')
       ORDER BY c.relname""";

  static final String COLUMNS = """
      SELECT table_name, column_name, data_type, is_nullable = 'YES', column_default
        FROM information_schema.columns
       WHERE table_schema = ?
       ORDER BY table_name, ordinal_position""";

  // Joined on the table's oid (production joins on the constraint name only, which can add rows
  // from another schema; legacy-gateway 1.4 quirk).
  static final String CONSTRAINTS = """
      SELECT t.relname, con.conname,
             CASE con.contype WHEN 'p' THEN 'PRIMARY KEY' WHEN 'f' THEN 'FOREIGN KEY'
                              WHEN 'u' THEN 'UNIQUE' WHEN 'c' THEN 'CHECK' WHEN 'x' THEN 'EXCLUDE'
                              ELSE con.contype::text END,
             pg_get_constraintdef(con.oid)
        FROM pg_constraint con
        JOIN pg_class t ON t.oid = con.conrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE n.nspname = ? AND con.contype IN ('p', 'f', 'u', 'c', 'x')
       ORDER BY t.relname, con.conname""";

  static final String POLICIES = """
      SELECT tablename, policyname, cmd, qual, with_check, permissive = 'PERMISSIVE', array_to_string(roles, ',')
        FROM pg_policies
       WHERE schemaname = ?
       ORDER BY tablename, policyname""";
}

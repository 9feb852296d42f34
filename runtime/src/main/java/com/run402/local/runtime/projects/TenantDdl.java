package com.run402.local.runtime.projects;

import com.run402.local.runtime.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The database objects of one project: schema {@code pNNNN} owned by login role {@code pNNNN_owner}
 * (BYPASSRLS, like production's service_role and its superuser SQL endpoint), and NOLOGIN roles
 * {@code pNNNN_anon} and {@code pNNNN_authenticated} that the owner may SET ROLE to (for REST). No
 * role of a project has any privilege outside its own schema, the {@code auth} helpers and TEMP.
 * Identifiers here come only from {@link #slotName(long)}, never from user input.
 */
final class TenantDdl {
  private TenantDdl() {}

  static String slotName(long n) {
    return n < 10_000 ? String.format("p%04d", n) : "p" + n;
  }

  static void create(Connection c, String slot, String ownerPassword) throws SQLException {
    checkSlot(slot);
    String owner = slot + "_owner";
    String anon = slot + "_anon";
    String authd = slot + "_authenticated";
    try (Statement s = c.createStatement()) {
      s.execute("CREATE ROLE " + owner + " LOGIN NOINHERIT BYPASSRLS CONNECTION LIMIT 32 PASSWORD "
          + quoteLiteral(ownerPassword));
      s.execute("CREATE ROLE " + anon + " NOLOGIN NOINHERIT");
      s.execute("CREATE ROLE " + authd + " NOLOGIN NOINHERIT");
      s.execute("GRANT " + anon + ", " + authd + " TO " + owner);
      s.execute("GRANT CONNECT, TEMPORARY ON DATABASE " + Database.NAME + " TO " + owner);
      s.execute("CREATE SCHEMA " + slot + " AUTHORIZATION " + owner);
      s.execute("GRANT USAGE ON SCHEMA " + slot + " TO " + anon + ", " + authd);
      // Dark by default (api-contract 2.1, expose manifest): a new table gives anon and
      // authenticated nothing until the expose manifest or an RLS template grants it. Production's
      // legacy table defaults (legacy-gateway 5.1) are deliberately not copied. Sequences keep the
      // legacy "SERIAL fix" so inserts into an exposed table with a serial column work.
      String adp = "ALTER DEFAULT PRIVILEGES FOR ROLE " + owner + " IN SCHEMA " + slot;
      s.execute(adp + " GRANT USAGE, SELECT ON SEQUENCES TO " + anon + ", " + authd);
      s.execute("ALTER ROLE " + owner + " SET search_path = " + slot);
    }
  }

  static void drop(Connection c, String slot) throws SQLException {
    checkSlot(slot);
    String roles = slot + "_owner, " + slot + "_anon, " + slot + "_authenticated";
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ANY (?)")) {
      ps.setArray(1, c.createArrayOf("text", new String[] {slot + "_owner"}));
      ps.execute();
    }
    try (Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + slot + " CASCADE");
      if (rolesExist(c, slot)) {
        s.execute("DROP OWNED BY " + roles + " CASCADE");
        s.execute("DROP ROLE IF EXISTS " + roles);
      }
    }
  }

  private static boolean rolesExist(Connection c, String slot) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT count(*) FROM pg_roles WHERE rolname IN (?, ?, ?)")) {
      ps.setString(1, slot + "_owner");
      ps.setString(2, slot + "_anon");
      ps.setString(3, slot + "_authenticated");
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1) == 3;
      }
    }
  }

  private static void checkSlot(String slot) {
    if (!slot.matches("p[0-9]{4,9}")) {
      throw new IllegalArgumentException("not a schema slot: " + slot);
    }
  }

  private static String quoteLiteral(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}

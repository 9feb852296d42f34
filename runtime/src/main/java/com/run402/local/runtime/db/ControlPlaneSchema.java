package com.run402.local.runtime.db;

import com.run402.local.runtime.StartupException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the emulator's database with its database-level hardening, then applies the control-plane
 * migrations in {@code /run402/migrations} once each, in order, each in its own transaction.
 */
public final class ControlPlaneSchema {
  private static final Logger LOG = LoggerFactory.getLogger(ControlPlaneSchema.class);
  static final List<String> MIGRATIONS =
      List.of("V001__control_plane.sql", "V002__expose.sql", "V003__auth.sql", "V004__mail.sql",
          "V005__magic_links.sql", "V006__storage.sql", "V007__apply.sql", "V008__functions.sql",
          "V009__function_builds.sql", "V010__function_runs.sql", "V011__function_deps_resolved.sql",
          "V012__function_logs.sql", "V013__content_owners.sql", "V014__immutable_versions.sql");

  private ControlPlaneSchema() {}

  public static void ensureDatabase(PostgresCluster cluster) {
    try (Connection c = cluster.connect("postgres"); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + Database.NAME + "'")) {
        if (rs.next()) {
          return;
        }
      }
      s.execute("CREATE DATABASE " + Database.NAME + " TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'");
      // Tenant roles may connect only to the emulator's database, and only where granted.
      s.execute("REVOKE ALL ON DATABASE postgres FROM PUBLIC");
      s.execute("REVOKE ALL ON DATABASE template1 FROM PUBLIC");
      s.execute("REVOKE ALL ON DATABASE " + Database.NAME + " FROM PUBLIC");
    } catch (SQLException e) {
      throw new StartupException("Cannot create the " + Database.NAME + " database: " + e.getMessage(), e);
    }
  }

  public static void migrate(Database db) {
    try (Connection c = db.adminConnection()) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS public.run402_migrations "
            + "(name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
        s.execute("REVOKE ALL ON public.run402_migrations FROM PUBLIC");
      }
      for (String name : MIGRATIONS) {
        if (applied(c, name)) {
          continue;
        }
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
          s.execute(read(name));
          try (PreparedStatement ps = c.prepareStatement("INSERT INTO public.run402_migrations(name) VALUES (?)")) {
            ps.setString(1, name);
            ps.executeUpdate();
          }
          c.commit();
          LOG.info("Applied control-plane migration {}", name);
        } catch (SQLException e) {
          c.rollback();
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      }
    } catch (SQLException | IOException e) {
      throw new StartupException("Cannot migrate the control plane: " + e.getMessage(), e);
    }
  }

  private static boolean applied(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM public.run402_migrations WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static String read(String name) throws IOException {
    try (InputStream in = ControlPlaneSchema.class.getResourceAsStream("/run402/migrations/" + name)) {
      if (in == null) {
        throw new IOException("missing migration resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}

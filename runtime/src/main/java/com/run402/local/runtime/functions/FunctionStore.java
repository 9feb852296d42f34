package com.run402.local.runtime.functions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.run402.local.runtime.db.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/** {@code internal.functions}: one row per deployed function. */
final class FunctionStore {
  private static final String COLUMNS = "project_id, name, runtime, source, compiled, code_hash, deps::text, "
      + "timeout_seconds, memory_mb, schedule, schedule_meta::text, created_at, updated_at, files::text, entrypoint, "
      + "build_fingerprint, runtime_version, deps_resolved::text";
  private final DataSource ds;
  private final ObjectMapper json;

  FunctionStore(DataSource ds, ObjectMapper json) {
    this.ds = ds;
    this.json = json;
  }

  void upsert(FunctionDef f) {
    try {
      Jdbc.update(ds, "INSERT INTO internal.functions (" + COLUMNS.replace("::text", "") + ") VALUES "
          + "(?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?::jsonb, ?, ?, ?::jsonb, ?, ?, ?, ?::jsonb) "
          + "ON CONFLICT (project_id, name) DO UPDATE SET "
          + "runtime = EXCLUDED.runtime, source = EXCLUDED.source, compiled = EXCLUDED.compiled, "
          + "code_hash = EXCLUDED.code_hash, deps = EXCLUDED.deps, timeout_seconds = EXCLUDED.timeout_seconds, "
          + "memory_mb = EXCLUDED.memory_mb, schedule = EXCLUDED.schedule, schedule_meta = EXCLUDED.schedule_meta, "
          + "updated_at = EXCLUDED.updated_at, files = EXCLUDED.files, entrypoint = EXCLUDED.entrypoint, "
          + "build_fingerprint = EXCLUDED.build_fingerprint, runtime_version = EXCLUDED.runtime_version, "
          + "deps_resolved = EXCLUDED.deps_resolved",
          f.projectId(), f.name(), f.runtime(), f.source(), f.compiled(),
          f.codeHash(), json.writeValueAsString(f.deps()), f.timeoutSeconds(), f.memoryMb(), f.schedule(),
          f.scheduleMetaJson(), Timestamp.from(f.createdAt()), Timestamp.from(f.updatedAt()), filesJson(f.files()),
          f.entrypoint(), f.buildFingerprint(), f.runtimeVersion(),
          f.depsResolved() == null ? null : json.writeValueAsString(f.depsResolved()));
    } catch (SQLException | JsonProcessingException e) {
      throw new IllegalStateException("function write failed: " + e.getMessage(), e);
    }
  }

  /**
   * A rebuild's new module and build record, written only if the function is still the one it was built from
   * (same code and update time); false when a deploy or update came in between.
   */
  boolean updateBuild(FunctionDef before, FunctionDef after) {
    try {
      return Jdbc.update(ds, "UPDATE internal.functions SET compiled = ?, build_fingerprint = ?, runtime_version = ? "
          + "WHERE project_id = ? AND name = ? AND code_hash = ? AND updated_at = ?", after.compiled(),
          after.buildFingerprint(), after.runtimeVersion(), before.projectId(), before.name(), before.codeHash(),
          Timestamp.from(before.updatedAt())) == 1;
    } catch (SQLException e) {
      throw new IllegalStateException("function write failed: " + e.getMessage(), e);
    }
  }

  Optional<FunctionDef> find(String projectId, String name) {
    return query("WHERE project_id = ? AND name = ?", projectId, name).stream().findFirst();
  }

  /** Whether the function exists, without reading its source, module or files. */
  boolean exists(String projectId, String name) {
    try {
      return !Jdbc.query(ds, "SELECT 1 FROM internal.functions WHERE project_id = ? AND name = ?", rs -> 1, projectId,
          name).isEmpty();
    } catch (SQLException e) {
      throw new IllegalStateException("function read failed: " + e.getMessage(), e);
    }
  }

  List<FunctionDef> list(String projectId) {
    return query("WHERE project_id = ? ORDER BY name", projectId);
  }

  /** Name, project and times of every function in the wallet's projects, newest first (no source or module). */
  List<WalletFunction> byWallet(String wallet) {
    try {
      return Jdbc.query(ds, "SELECT f.name, f.project_id, f.created_at, f.updated_at FROM internal.functions f "
          + "JOIN internal.projects p ON p.id = f.project_id WHERE p.wallet_address = ? "
          + "ORDER BY f.created_at DESC, f.project_id, f.name", rs -> new WalletFunction(rs.getString(1),
              rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant()), wallet);
    } catch (SQLException e) {
      throw new IllegalStateException("function read failed: " + e.getMessage(), e);
    }
  }

  List<FunctionDef> scheduled() {
    return query("WHERE schedule IS NOT NULL ORDER BY project_id, name");
  }

  boolean delete(String projectId, String name) {
    try {
      return Jdbc.update(ds, "DELETE FROM internal.functions WHERE project_id = ? AND name = ?", projectId, name) > 0;
    } catch (SQLException e) {
      throw new IllegalStateException("function delete failed: " + e.getMessage(), e);
    }
  }

  void updateScheduleMeta(String projectId, String name, String metaJson) {
    try {
      Jdbc.update(ds, "UPDATE internal.functions SET schedule_meta = ?::jsonb WHERE project_id = ? AND name = ?",
          metaJson, projectId, name);
    } catch (SQLException e) {
      throw new IllegalStateException("function update failed: " + e.getMessage(), e);
    }
  }

  private List<FunctionDef> query(String where, Object... args) {
    try {
      return Jdbc.query(ds, "SELECT " + COLUMNS + " FROM internal.functions " + where, this::row, args);
    } catch (SQLException e) {
      throw new IllegalStateException("function read failed: " + e.getMessage(), e);
    }
  }

  private FunctionDef row(ResultSet rs) throws SQLException {
    List<String> deps;
    try {
      deps = json.readValue(rs.getString(7), new TypeReference<List<String>>() {});
    } catch (JsonProcessingException e) {
      deps = List.of();
    }
    return new FunctionDef(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), deps, rs.getInt(8), rs.getInt(9), rs.getString(10), rs.getString(11),
        rs.getTimestamp(12).toInstant(), rs.getTimestamp(13).toInstant(), files(rs.getString(14)), rs.getString(15),
        rs.getString(16), rs.getString(17), versions(rs.getString(18)));
  }

  private Map<String, String> versions(String stored) {
    if (stored == null) {
      return null;
    }
    try {
      return json.readValue(stored, new TypeReference<java.util.LinkedHashMap<String, String>>() {});
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** A file set as stored: {@code {path: base64}}; null for a single-file function. */
  private String filesJson(Map<String, byte[]> files) throws JsonProcessingException {
    if (files == null) {
      return null;
    }
    Map<String, String> out = new TreeMap<>();
    files.forEach((path, bytes) -> out.put(path, Base64.getEncoder().encodeToString(bytes)));
    return json.writeValueAsString(out);
  }

  private Map<String, byte[]> files(String stored) {
    if (stored == null) {
      return null;
    }
    try {
      Map<String, String> in = json.readValue(stored, new TypeReference<Map<String, String>>() {});
      Map<String, byte[]> out = new TreeMap<>();
      in.forEach((path, b64) -> out.put(path, Base64.getDecoder().decode(b64)));
      return out;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored function files are not JSON: " + e.getMessage(), e);
    }
  }
}

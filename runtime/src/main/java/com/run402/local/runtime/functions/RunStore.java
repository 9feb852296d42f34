package com.run402.local.runtime.functions;

import com.run402.local.runtime.db.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** {@code internal.function_runs}: the durable run queue and its records. */
final class RunStore {
  private static final String COLUMNS = "run_id, project_id, function_name, event_type, idempotency_key, "
      + "intent_digest, payload::text, source::text, status, generation, run_at, expires_at, max_attempts, "
      + "min_delay_seconds, max_delay_seconds, attempt_current, attempts_total, next_attempt_at, last_attempt::text, "
      + "last_error::text, created_at, updated_at, completed_at";
  private final DataSource ds;

  RunStore(DataSource ds) {
    this.ds = ds;
  }

  /** Inserts {@code r}; false when a run with its idempotency key already exists (nothing written). */
  boolean insert(FunctionRun r) {
    return update("INSERT INTO internal.function_runs (" + COLUMNS.replace("::text", "") + ") VALUES (?, ?, ?, ?, ?, "
        + "?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?) "
        + "ON CONFLICT (project_id, function_name, idempotency_key) DO NOTHING", r.runId(), r.projectId(),
        r.functionName(), r.eventType(), r.idempotencyKey(), r.intentDigest(), r.payload(), r.source(), r.status(),
        r.generation(), ts(r.runAt()), ts(r.expiresAt()), r.maxAttempts(), r.minDelaySeconds(), r.maxDelaySeconds(),
        r.attemptCurrent(), r.attemptsTotal(), ts(r.nextAttemptAt()), r.lastAttempt(), r.lastError(),
        ts(r.createdAt()), ts(r.updatedAt()), ts(r.completedAt())) == 1;
  }

  /**
   * Writes {@code next} over the stored run if it is still {@code expectedStatus} in {@code expectedGeneration}
   * (a cancel or redrive in between wins); false when it was not.
   */
  boolean replace(FunctionRun next, String expectedStatus, int expectedGeneration) {
    return update("UPDATE internal.function_runs SET status = ?, generation = ?, max_attempts = ?, "
        + "min_delay_seconds = ?, max_delay_seconds = ?, attempt_current = ?, attempts_total = ?, next_attempt_at = ?, "
        + "last_attempt = ?::jsonb, last_error = ?::jsonb, updated_at = ?, completed_at = ?, expires_at = ? "
        + "WHERE run_id = ? AND status = ? AND generation = ?", next.status(), next.generation(), next.maxAttempts(),
        next.minDelaySeconds(), next.maxDelaySeconds(), next.attemptCurrent(), next.attemptsTotal(),
        ts(next.nextAttemptAt()), next.lastAttempt(), next.lastError(), ts(next.updatedAt()), ts(next.completedAt()),
        ts(next.expiresAt()), next.runId(), expectedStatus, expectedGeneration) == 1;
  }

  /** Runs left {@code running} by an emulator that stopped mid-attempt go back to the queue. */
  void requeueRunning(Instant now) {
    update("UPDATE internal.function_runs SET status = 'queued', next_attempt_at = ?, updated_at = ? "
        + "WHERE status = 'running'", ts(now), ts(now));
  }

  Optional<FunctionRun> find(String projectId, String runId) {
    return query("WHERE project_id = ? AND run_id = ?", projectId, runId).stream().findFirst();
  }

  Optional<FunctionRun> byKey(String projectId, String function, String idempotencyKey) {
    return query("WHERE project_id = ? AND function_name = ? AND idempotency_key = ?", projectId, function,
        idempotencyKey).stream().findFirst();
  }

  /** Runs that are due at {@code now} (or expired), oldest first. */
  List<FunctionRun> due(Instant now, int limit) {
    return query("WHERE status IN ('scheduled', 'queued', 'retrying') AND (next_attempt_at <= ? OR expires_at <= ?) "
        + "ORDER BY next_attempt_at, run_id LIMIT " + limit, ts(now), ts(now));
  }

  /** A page of a function's runs, newest first, optionally filtered; {@code before} is the previous page's last run. */
  List<FunctionRun> list(String projectId, String function, String status, String eventType, Instant since,
      Instant until, FunctionRun before, int limit) {
    StringBuilder where = new StringBuilder("WHERE project_id = ? AND function_name = ?");
    List<Object> args = new ArrayList<>(List.of(projectId, function));
    if (status != null) {
      where.append(" AND status = ?");
      args.add(status);
    }
    if (eventType != null) {
      where.append(" AND event_type = ?");
      args.add(eventType);
    }
    if (since != null) {
      where.append(" AND created_at >= ?");
      args.add(ts(since));
    }
    if (until != null) {
      where.append(" AND created_at < ?");
      args.add(ts(until));
    }
    if (before != null) {
      where.append(" AND (created_at, run_id) < (?, ?)");
      args.add(ts(before.createdAt()));
      args.add(before.runId());
    }
    where.append(" ORDER BY created_at DESC, run_id DESC LIMIT ").append(limit);
    return query(where.toString(), args.toArray());
  }

  private List<FunctionRun> query(String where, Object... args) {
    try {
      return Jdbc.query(ds, "SELECT " + COLUMNS + " FROM internal.function_runs " + where, RunStore::row, args);
    } catch (SQLException e) {
      throw new IllegalStateException("function run read failed: " + e.getMessage(), e);
    }
  }

  private int update(String sql, Object... args) {
    try {
      return Jdbc.update(ds, sql, args);
    } catch (SQLException e) {
      throw new IllegalStateException("function run write failed: " + e.getMessage(), e);
    }
  }

  private static FunctionRun row(ResultSet rs) throws SQLException {
    return new FunctionRun(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getInt(10), instant(rs, 11),
        instant(rs, 12), rs.getInt(13), rs.getInt(14), rs.getInt(15), rs.getInt(16), rs.getInt(17), instant(rs, 18),
        rs.getString(19), rs.getString(20), instant(rs, 21), instant(rs, 22), instant(rs, 23));
  }

  private static Instant instant(ResultSet rs, int i) throws SQLException {
    Timestamp t = rs.getTimestamp(i);
    return t == null ? null : t.toInstant();
  }

  private static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }
}

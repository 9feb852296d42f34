package com.run402.local.runtime.usage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-project usage counters. Metered requests (REST, storage, function calls, as in production)
 * add to an in-memory counter that is flushed to internal.usage_counters every few seconds and on
 * close. A project's stored counters are read once, then kept in memory with what is not yet
 * flushed, so {@link #read} is exact and costs no database round trip on the request path.
 */
public final class UsageMeter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UsageMeter.class);

  /** A project's counters. */
  public record Usage(long apiCalls, long storageBytes) {}

  /** Stored values (as of the last load or flush) plus the calls not yet flushed. */
  private static final class Counter {
    volatile long storedCalls;
    volatile long storageBytes;
    final LongAdder pending = new LongAdder();

    Counter(long storedCalls, long storageBytes) {
      this.storedCalls = storedCalls;
      this.storageBytes = storageBytes;
    }
  }

  private final DataSource ds;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final ScheduledExecutorService flusher;

  public UsageMeter(DataSource ds, long flushMillis) {
    this.ds = ds;
    this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "run402-usage-flush");
      t.setDaemon(true);
      return t;
    });
    flusher.scheduleWithFixedDelay(this::flushQuietly, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
  }

  /** Counts one API call for a project. */
  public void countCall(String projectId) {
    counter(projectId).pending.increment();
  }

  public Usage read(String projectId) {
    Counter c = counter(projectId);
    return new Usage(c.storedCalls + c.pending.sum(), c.storageBytes);
  }

  /**
   * Sets a project's counters (embedding API and tests: reach a tier limit without making half a
   * million calls). Pending calls are dropped; the values are stored at once.
   */
  public synchronized void set(String projectId, long apiCalls, long storageBytes) {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
        "UPDATE internal.usage_counters SET api_calls = ?, storage_bytes = ?, updated_at = now() WHERE project_id = ?")) {
      ps.setLong(1, apiCalls);
      ps.setLong(2, storageBytes);
      ps.setString(3, projectId);
      if (ps.executeUpdate() == 0) {
        throw new IllegalArgumentException("No usage counters for project " + projectId);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("usage update failed: " + e.getMessage(), e);
    }
    counters.put(projectId, new Counter(apiCalls, storageBytes));
  }

  /**
   * Adds {@code delta} (negative when bytes were freed) to a project's stored bytes, at once in the
   * database and in memory, never below zero. Storage calls it as objects are written and deleted.
   */
  public void addStorage(String projectId, long delta) {
    if (delta == 0) {
      return;
    }
    Counter c = counter(projectId);
    try (Connection conn = ds.getConnection(); PreparedStatement ps = conn.prepareStatement(
        "UPDATE internal.usage_counters SET storage_bytes = GREATEST(0, storage_bytes + ?), updated_at = now() "
            + "WHERE project_id = ? RETURNING storage_bytes")) {
      ps.setLong(1, delta);
      ps.setString(2, projectId);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          c.storageBytes = rs.getLong(1);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("usage update failed: " + e.getMessage(), e);
    }
  }

  /** Writes pending counts to the database. */
  public synchronized void flush() throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("UPDATE internal.usage_counters "
            + "SET api_calls = api_calls + ?, updated_at = now() WHERE project_id = ?")) {
      boolean any = false;
      for (Map.Entry<String, Counter> e : counters.entrySet()) {
        Counter k = e.getValue();
        long n = k.pending.sumThenReset();
        if (n == 0) {
          continue;
        }
        k.storedCalls += n;
        ps.setLong(1, n);
        ps.setString(2, e.getKey());
        ps.addBatch();
        any = true;
      }
      if (any) {
        ps.executeBatch();
      }
    }
  }

  /** Drops what is held for a project (project deleted or emulator reset). */
  public void forget(String projectId) {
    counters.remove(projectId);
  }

  private Counter counter(String projectId) {
    return counters.computeIfAbsent(projectId, this::load);
  }

  private Counter load(String projectId) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT api_calls, storage_bytes FROM internal.usage_counters WHERE project_id = ?")) {
      ps.setString(1, projectId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new Counter(rs.getLong(1), rs.getLong(2)) : new Counter(0, 0);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("usage unavailable: " + e.getMessage(), e);
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (SQLException | RuntimeException e) {
      LOG.warn("usage flush failed: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    flusher.shutdownNow();
    flushQuietly();
  }
}

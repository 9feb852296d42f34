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
 * Per-project API-call counters. Metered requests (REST, storage, function calls, as in production)
 * add to an in-memory counter that is flushed to internal.usage_counters every few seconds and on
 * close; reads add what is not yet flushed, so they are always exact.
 */
public final class UsageMeter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UsageMeter.class);

  /** A project's counters. */
  public record Usage(long apiCalls, long storageBytes) {}

  private final DataSource ds;
  private final Map<String, LongAdder> pending = new ConcurrentHashMap<>();
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
    pending.computeIfAbsent(projectId, k -> new LongAdder()).increment();
  }

  public Usage read(String projectId) {
    long unflushed = pending.getOrDefault(projectId, new LongAdder()).sum();
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT api_calls, storage_bytes FROM internal.usage_counters WHERE project_id = ?")) {
      ps.setString(1, projectId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new Usage(rs.getLong(1) + unflushed, rs.getLong(2)) : new Usage(unflushed, 0);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("usage unavailable: " + e.getMessage(), e);
    }
  }

  /** Writes pending counts to the database. */
  public synchronized void flush() throws SQLException {
    if (pending.isEmpty()) {
      return;
    }
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("UPDATE internal.usage_counters "
            + "SET api_calls = api_calls + ?, updated_at = now() WHERE project_id = ?")) {
      for (Map.Entry<String, LongAdder> e : pending.entrySet()) {
        long n = e.getValue().sumThenReset();
        if (n == 0) {
          pending.remove(e.getKey(), e.getValue());
          continue;
        }
        ps.setLong(1, n);
        ps.setString(2, e.getKey());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Drops unflushed counts (project deleted or emulator reset). */
  public void forget(String projectId) {
    pending.remove(projectId);
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

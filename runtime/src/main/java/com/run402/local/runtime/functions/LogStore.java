package com.run402.local.runtime.functions;

import com.run402.local.runtime.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code internal.function_logs}: log lines written behind the in-memory copy by one thread, in batches every
 * {@value #FLUSH_MS} ms (a line is an insert; a call's path never waits on the database), each function trimmed
 * to its last {@value FunctionLogs#KEEP}. A line not yet written when the JVM is killed is lost; a clean stop
 * writes what is pending.
 */
final class LogStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("run402.functions");
  private static final long FLUSH_MS = 200;
  private static final int BATCH = 500;
  private static final int MAX_PENDING = 50_000;

  /** A line to insert, or (entry null) the deletion of the function's lines, in the order they were asked for. */
  record Row(String projectId, String function, FunctionLogs.Entry entry) {}

  private final DataSource ds;
  private final BlockingQueue<Row> pending = new LinkedBlockingQueue<>(MAX_PENDING);
  private final Thread writer;
  private volatile boolean closed;

  LogStore(DataSource ds) {
    this.ds = ds;
    this.writer = new Thread(this::run, "run402-fn-logs");
    writer.setDaemon(true);
    writer.start();
  }

  /** Queues a line (dropped, with a warning, if the writer is that far behind). */
  void write(String projectId, String function, FunctionLogs.Entry e) {
    if (e.message().indexOf('\0') >= 0) { // PostgreSQL text cannot hold NUL: one such line would fail its batch
      e = new FunctionLogs.Entry(e.timestampMs(), e.level(), e.message().replace('\0', '\uFFFD'), e.requestId());
    }
    if (!closed && !pending.offer(new Row(projectId, function, e))) {
      LOG.warn("function log writer is {} lines behind; a line of {}/{} was not persisted", MAX_PENDING, projectId,
          function);
    }
  }

  /** The last {@code keep} lines of a function, oldest first. */
  List<FunctionLogs.Entry> load(String projectId, String function, int keep) {
    try {
      List<FunctionLogs.Entry> newestFirst = Jdbc.query(ds, "SELECT ts_ms, level, message, request_id FROM "
          + "internal.function_logs WHERE project_id = ? AND function_name = ? ORDER BY id DESC LIMIT " + keep,
          rs -> new FunctionLogs.Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)),
          projectId, function);
      List<FunctionLogs.Entry> out = new ArrayList<>(newestFirst.size());
      for (int i = newestFirst.size() - 1; i >= 0; i--) {
        out.add(newestFirst.get(i));
      }
      return out;
    } catch (SQLException e) {
      LOG.warn("cannot read the stored logs of {}/{}: {}", projectId, function, e.getMessage());
      return List.of();
    }
  }

  /**
   * Deletes a function's stored lines. Queued behind its lines not yet written, so that none of those lands after
   * the deletion (and shows up in the logs of a function deployed again under the name); at once when stopped.
   */
  void deleteFunction(String projectId, String function) {
    if (closed || !pending.offer(new Row(projectId, function, null))) {
      deleteNow(projectId, function);
    }
  }

  private void deleteNow(String projectId, String function) {
    try {
      Jdbc.update(ds, "DELETE FROM internal.function_logs WHERE project_id = ? AND function_name = ?", projectId,
          function);
    } catch (SQLException e) {
      LOG.warn("cannot delete the stored logs of {}/{}: {}", projectId, function, e.getMessage());
    }
  }

  private void run() {
    List<Row> batch = new ArrayList<>(BATCH);
    while (!closed || !pending.isEmpty()) {
      try {
        Row first = pending.poll(FLUSH_MS, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        pending.drainTo(batch, BATCH - 1);
        flush(batch);
      } catch (InterruptedException e) {
        closed = true;
      } catch (RuntimeException e) {
        LOG.warn("function log writer: {}", e.toString());
      } finally {
        batch.clear();
      }
    }
  }

  /** Inserts the lines in order, running each deletion where it stands among them. */
  private void flush(List<Row> batch) {
    int from = 0;
    for (int i = 0; i <= batch.size(); i++) {
      if (i == batch.size() || batch.get(i).entry() == null) {
        if (i > from) {
          insert(batch.subList(from, i));
        }
        if (i < batch.size()) {
          deleteNow(batch.get(i).projectId(), batch.get(i).function());
        }
        from = i + 1;
      }
    }
  }

  private void insert(List<Row> batch) {
    Set<String> touched = new LinkedHashSet<>();
    try (Connection c = ds.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO internal.function_logs (project_id, function_name, "
          + "ts_ms, level, message, request_id) SELECT ?, ?, ?, ?, ?, ? "
          + "WHERE EXISTS (SELECT 1 FROM internal.projects WHERE id = ?)")) { // a deleted project's lines are dropped
        for (Row r : batch) {
          ps.setString(1, r.projectId());
          ps.setString(2, r.function());
          ps.setLong(3, r.entry().timestampMs());
          ps.setString(4, r.entry().level());
          ps.setString(5, r.entry().message());
          ps.setString(6, r.entry().requestId());
          ps.setString(7, r.projectId());
          ps.addBatch();
          touched.add(r.projectId() + "\0" + r.function());
        }
        ps.executeBatch();
      }
      try (PreparedStatement trim = c.prepareStatement("DELETE FROM internal.function_logs WHERE project_id = ? AND "
          + "function_name = ? AND id <= (SELECT id FROM internal.function_logs WHERE project_id = ? AND "
          + "function_name = ? ORDER BY id DESC OFFSET " + FunctionLogs.KEEP + " LIMIT 1)")) {
        for (String t : touched) {
          String[] k = t.split("\0", 2);
          trim.setString(1, k[0]);
          trim.setString(2, k[1]);
          trim.setString(3, k[0]);
          trim.setString(4, k[1]);
          trim.addBatch();
        }
        trim.executeBatch();
      }
    } catch (SQLException e) {
      LOG.warn("function log writer: {} lines not persisted: {}", batch.size(), e.getMessage());
    }
  }

  /** Writes what is pending (bounded wait) and stops the writer. */
  @Override
  public void close() {
    closed = true;
    try {
      writer.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

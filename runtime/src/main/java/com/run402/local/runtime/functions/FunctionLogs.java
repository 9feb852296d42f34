package com.run402.local.runtime.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-function log lines ({@code console.*}, uncaught errors with stacks, scheduled-run notes), each with the
 * request id of its invocation: the last {@value #KEEP} per function in memory for
 * {@code GET .../functions/:name/logs}, written behind to the database ({@link LogStore}) so they outlive a restart
 * (read back on a function's first use), and printed on the emulator's log as {@code [project/function] ...}.
 */
final class FunctionLogs implements AutoCloseable {
  /** One line, as the logs route returns it. */
  record Entry(long timestampMs, String level, String message, String requestId) {}

  static final int KEEP = 1000;
  private static final Logger LOG = LoggerFactory.getLogger("run402.functions");
  private final Map<String, Deque<Entry>> byFunction = new ConcurrentHashMap<>();
  private final ObjectMapper json;
  private final Clock clock;
  private final LogStore store;

  FunctionLogs(ObjectMapper json, Clock clock, LogStore store) {
    this.json = json;
    this.clock = clock;
    this.store = store;
  }

  private Deque<Entry> lines(String projectId, String function) {
    return byFunction.computeIfAbsent(projectId + "/" + function,
        k -> new ArrayDeque<>(store.load(projectId, function, KEEP)));
  }

  /** A worker's structured line {@code {rid, fn, level, message, ts}}. */
  void workerLine(String projectId, String line) {
    try {
      JsonNode n = json.readTree(line);
      String fn = n.path("fn").asText(null);
      add(projectId, fn == null ? "-" : fn, n.path("level").asText("log"), n.path("message").asText(""),
          n.path("rid").asText(null));
    } catch (Exception e) {
      LOG.info("[{}] {}", projectId, line);
    }
  }

  void add(String projectId, String function, String level, String message, String requestId) {
    // The emulator clock, so logs?since= agrees with a clock tests moved forward.
    Entry e = new Entry(clock.millis(), level, message, requestId);
    Deque<Entry> d = lines(projectId, function);
    synchronized (d) {
      if (d.size() == KEEP) {
        d.removeFirst();
      }
      d.addLast(e);
    }
    store.write(projectId, function, e);
    if (level.equals("error") || level.equals("warn")) {
      LOG.warn("[{}/{}] {} {}", projectId, function, requestId == null ? "-" : requestId, message);
    } else {
      LOG.info("[{}/{}] {} {}", projectId, function, requestId == null ? "-" : requestId, message);
    }
  }

  /** The last {@code tail} lines at or after {@code sinceMs} (and of {@code requestId} when given), oldest first. */
  List<Entry> tail(String projectId, String function, int tail, long sinceMs, String requestId) {
    Deque<Entry> d = lines(projectId, function);
    List<Entry> out = new ArrayList<>();
    synchronized (d) {
      for (Entry e : d) {
        if (e.timestampMs() >= sinceMs && (requestId == null || requestId.equals(e.requestId()))) {
          out.add(e);
        }
      }
    }
    return out.size() <= tail ? out : out.subList(out.size() - tail, out.size());
  }

  void forgetFunction(String projectId, String function) {
    // An empty copy, not none: the next line (a redeploy's) must not load back what the queued delete removes.
    byFunction.put(projectId + "/" + function, new ArrayDeque<>());
    store.deleteFunction(projectId, function);
  }

  void forgetProject(String projectId) {
    byFunction.keySet().removeIf(k -> k.startsWith(projectId + "/"));
  }

  /** Forgets the in-memory copies (emulator reset; the stored lines go with their projects). */
  void clear() {
    byFunction.clear();
  }

  @Override
  public void close() {
    store.close();
  }
}

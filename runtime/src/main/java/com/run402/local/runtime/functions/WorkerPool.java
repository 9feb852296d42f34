package com.run402.local.runtime.functions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * A few warm workers per (project, memory size). A call takes the least busy live worker; a new one starts only
 * when every worker is busy and the pool is not full. Dead or discarded workers are replaced on the next call.
 * Projects never share a worker, so one project's crash or stuck loop cannot touch another's calls.
 */
final class WorkerPool implements AutoCloseable {
  record Key(String projectId, int memoryMb) {}

  private final FunctionsOptions options;
  private final NodeRuntime runtime;
  private final Path cwd;
  private final BiConsumer<String, String> logLine;
  private final Map<Key, List<Worker>> pools = new ConcurrentHashMap<>();
  private final WorkerSockets sockets = new WorkerSockets();

  WorkerPool(FunctionsOptions options, NodeRuntime runtime, Path cwd, BiConsumer<String, String> logLine) {
    this.options = options;
    this.runtime = runtime;
    this.cwd = cwd;
    this.logLine = logLine;
  }

  /** A live worker with its in-flight count already incremented; release with {@link #release}. */
  Worker acquire(Key key) throws IOException {
    List<Worker> list = pools.computeIfAbsent(key, k -> new ArrayList<>());
    synchronized (list) {
      list.removeIf(w -> !w.alive());
      Worker best = null;
      for (Worker w : list) {
        if (best == null || w.inFlight().get() < best.inFlight().get()) {
          best = w;
        }
      }
      if (best == null || (best.inFlight().get() > 0 && list.size() < options.workersPerProject())) {
        best = Worker.start(options, runtime, cwd, sockets.next(), key, logLine);
        list.add(best);
      }
      best.inFlight().incrementAndGet();
      return best;
    }
  }

  void release(Worker w) {
    w.inFlight().decrementAndGet();
  }

  /** Kills a stuck or broken worker; the next call gets a fresh one. */
  void discard(Worker w) {
    List<Worker> list = pools.get(w.key());
    if (list != null) {
      synchronized (list) {
        list.remove(w);
      }
    }
    w.close();
  }

  /** Starts one worker ahead of the first call (after a deploy), unless one is already warm. */
  void warm(Key key) {
    try {
      release(acquire(key));
    } catch (IOException e) {
      // the first call will report it
    }
  }

  void closeProject(String projectId) {
    pools.keySet().removeIf(k -> {
      if (k.projectId().equals(projectId)) {
        closeAll(pools.get(k));
        return true;
      }
      return false;
    });
  }

  int liveWorkers(String projectId) {
    return pools.entrySet().stream().filter(e -> e.getKey().projectId().equals(projectId))
        .mapToInt(e -> (int) e.getValue().stream().filter(Worker::alive).count()).sum();
  }

  @Override
  public void close() {
    pools.values().forEach(WorkerPool::closeAll);
    pools.clear();
    sockets.close();
  }

  private static void closeAll(List<Worker> list) {
    if (list == null) {
      return;
    }
    List<Worker> copy;
    synchronized (list) {
      copy = new ArrayList<>(list);
      list.clear();
    }
    copy.forEach(Worker::close);
  }
}

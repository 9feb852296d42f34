package com.run402.local.runtime.leases;

import com.run402.local.runtime.projects.Project;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease housekeeper (production's hourly lifecycle job): deletes projects 37 days after their
 * lease expired. Runs periodically and, so tests see the effect at once, after every clock move.
 */
public final class LeaseSweeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseSweeper.class);

  private final Leases leases;
  private final Function<String, Optional<Project>> find;
  private final Consumer<Project> delete;
  private final ScheduledExecutorService timer;

  public LeaseSweeper(Leases leases, Function<String, Optional<Project>> find, Consumer<Project> delete,
      Duration every) {
    this.leases = leases;
    this.find = find;
    this.delete = delete;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "run402-lease-sweep");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::sweepQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Deletes every project whose deletion is due; returns how many. */
  public synchronized int sweep() {
    int n = 0;
    for (String id : leases.dueForDeletion()) {
      Optional<Project> p = find.apply(id);
      if (p.isPresent() && leases.stateOf(p.get()) == LeaseState.DELETED) {
        LOG.info("Lease of project {} expired {} ago: deleting it", id, LeaseState.DELETED_AFTER);
        delete.accept(p.get());
        n++;
      }
    }
    return n;
  }

  /** The sweep for listeners and the timer: failures are logged, never thrown. */
  public void sweepQuietly() {
    try {
      sweep();
    } catch (RuntimeException e) {
      LOG.warn("lease sweep failed: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}

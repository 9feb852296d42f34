package com.run402.local.runtime.functions;

import com.run402.local.runtime.Threads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Cron triggers on the emulator clock: each scheduled function has its next run time; a one-second ticker and
 * every clock move ({@code POST /__local/clock}) fire what is due, once (missed ticks are not replayed, as a
 * cron daemon would not). Runs go to a small executor so a slow function never delays the ticker.
 */
final class FunctionScheduler implements AutoCloseable {
  interface Runner {
    void run(String projectId, String name, Instant scheduledAt);
  }

  private record Job(String projectId, String name, CronSchedule schedule, Instant next) {}

  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Runner runner;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(Threads.daemon("run402-fn-schedule-ticker", false));
  private final ExecutorService runs = Executors.newFixedThreadPool(2, Threads.daemon("run402-fn-schedule-run", true));

  FunctionScheduler(Clock clock, Runner runner) {
    this.clock = clock;
    this.runner = runner;
    ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
  }

  void register(String projectId, String name, String expression) {
    if (expression == null) {
      unregister(projectId, name);
      return;
    }
    CronSchedule s = CronSchedule.parse(expression);
    s.next(clock.instant()).ifPresent(n -> jobs.put(projectId + "/" + name, new Job(projectId, name, s, n)));
  }

  Optional<Instant> next(String projectId, String name) {
    return Optional.ofNullable(jobs.get(projectId + "/" + name)).map(Job::next);
  }

  void unregister(String projectId, String name) {
    jobs.remove(projectId + "/" + name);
  }

  void forgetProject(String projectId) {
    jobs.keySet().removeIf(k -> k.startsWith(projectId + "/"));
  }

  void clear() {
    jobs.clear();
  }

  /** Fires every due job once and moves it to its next run after now. */
  synchronized void tick() {
    Instant now = clock.instant();
    for (Map.Entry<String, Job> e : jobs.entrySet()) {
      Job j = e.getValue();
      if (!now.isBefore(j.next())) {
        Optional<Instant> next = j.schedule().next(now);
        if (next.isPresent()) {
          jobs.replace(e.getKey(), j, new Job(j.projectId(), j.name(), j.schedule(), next.get()));
        } else {
          jobs.remove(e.getKey(), j);
        }
        Instant due = j.next();
        runs.submit(() -> runner.run(j.projectId(), j.name(), due));
      }
    }
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    Threads.stop(runs, Duration.ofSeconds(5));
  }
}

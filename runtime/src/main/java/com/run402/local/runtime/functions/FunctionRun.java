package com.run402.local.runtime.functions;

import java.time.Instant;
import java.util.Set;

/**
 * One durable function run (a row of {@code internal.function_runs}); JSON members ({@code payload},
 * {@code source}, {@code lastAttempt}, {@code lastError}) as their JSON text.
 */
public record FunctionRun(
    String runId,
    String projectId,
    String functionName,
    String eventType,
    String idempotencyKey,
    String intentDigest,
    String payload,
    String source,
    String status,
    int generation,
    Instant runAt,
    Instant expiresAt,
    int maxAttempts,
    int minDelaySeconds,
    int maxDelaySeconds,
    int attemptCurrent,
    int attemptsTotal,
    Instant nextAttemptAt,
    String lastAttempt,
    String lastError,
    Instant createdAt,
    Instant updatedAt,
    Instant completedAt) {

  /** Statuses a run ends in; the others ({@code scheduled}, {@code queued}, {@code running}, {@code retrying}) move on. */
  public static final Set<String> TERMINAL = Set.of("succeeded", "failed", "cancelled", "expired");

  public boolean terminal() {
    return TERMINAL.contains(status);
  }

  /** The run moved to {@code next} at {@code now}, due again at {@code nextAttempt} (null: not), ended at {@code end}. */
  FunctionRun moved(String next, Instant nextAttempt, Instant end, Instant now) {
    return new FunctionRun(runId, projectId, functionName, eventType, idempotencyKey, intentDigest, payload, source,
        next, generation, runAt, expiresAt, maxAttempts, minDelaySeconds, maxDelaySeconds, attemptCurrent,
        attemptsTotal, nextAttempt, lastAttempt, lastError, createdAt, now, end);
  }

  /** The run with its attempt counters and last attempt / error (JSON text, null for none). */
  FunctionRun attempted(int current, int total, String attempt, String error) {
    return new FunctionRun(runId, projectId, functionName, eventType, idempotencyKey, intentDigest, payload, source,
        status, generation, runAt, expiresAt, maxAttempts, minDelaySeconds, maxDelaySeconds, current, total,
        nextAttemptAt, attempt, error, createdAt, updatedAt, completedAt);
  }

  /** The run as a new generation with {@code retry} and {@code expires} (redrive). */
  FunctionRun regenerated(Retry retry, Instant expires) {
    return new FunctionRun(runId, projectId, functionName, eventType, idempotencyKey, intentDigest, payload, source,
        status, generation + 1, runAt, expires, retry.maxAttempts(), retry.minDelay(), retry.maxDelay(), 0,
        attemptsTotal, nextAttemptAt, lastAttempt, null, createdAt, updatedAt, completedAt);
  }
}

package com.run402.local.runtime.functions;

import java.time.Instant;
import java.util.List;

/** One deployed function (a row of {@code internal.functions}). */
public record FunctionDef(
    String projectId,
    String name,
    String runtime,
    String source,
    String compiled,
    String codeHash,
    List<String> deps,
    int timeoutSeconds,
    int memoryMb,
    String schedule,
    String scheduleMetaJson,
    Instant createdAt,
    Instant updatedAt) {

  public FunctionDef withConfig(int timeout, int memory, String sched, String metaJson, Instant now) {
    return new FunctionDef(projectId, name, runtime, source, compiled, codeHash, deps, timeout, memory, sched,
        metaJson, createdAt, now);
  }
}

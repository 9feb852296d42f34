package com.run402.local.runtime.functions;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One deployed function (a row of {@code internal.functions}). A multi-file function keeps its {@code files}
 * (relative path to bytes) and {@code entrypoint} so it can be built again; a single-file one has neither.
 * {@code buildFingerprint} and {@code runtimeVersion} say what its module was built with (null for rows built
 * before they were recorded). {@code depsResolved} maps each direct dep to the version npm installed (empty without
 * deps; null for rows deployed before it was recorded).
 */
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
    Instant updatedAt,
    Map<String, byte[]> files,
    String entrypoint,
    String buildFingerprint,
    String runtimeVersion,
    Map<String, String> depsResolved) {

  public FunctionDef withConfig(int timeout, int memory, String sched, String metaJson, Instant now) {
    return new FunctionDef(projectId, name, runtime, source, compiled, codeHash, deps, timeout, memory, sched,
        metaJson, createdAt, now, files, entrypoint, buildFingerprint, runtimeVersion, depsResolved);
  }

  /** The same function built again: a new module and build record, everything else (code hash included) kept. */
  public FunctionDef rebuilt(String module, BuildInfo build) {
    return new FunctionDef(projectId, name, runtime, source, module, codeHash, deps, timeoutSeconds, memoryMb,
        schedule, scheduleMetaJson, createdAt, updatedAt, files, entrypoint, build.fingerprint(),
        build.runtimeVersion(), depsResolved);
  }
}

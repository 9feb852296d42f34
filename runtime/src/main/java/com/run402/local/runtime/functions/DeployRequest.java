package com.run402.local.runtime.functions;

import com.run402.local.runtime.s3.SigV4;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One function deploy, from the legacy {@code POST /projects/v1/admin/:id/functions} body or a release's
 * function entry. Null timeout/memory mean the tier's; {@code scheduleGiven} false leaves the schedule as it is.
 * A multi-file function has {@code files} (relative path to bytes) and the {@code entrypoint} among them, and
 * its {@code source} is the entrypoint's text; a single-file one has neither.
 */
public record DeployRequest(String name, String source, Integer timeoutSeconds, Integer memoryMb, List<String> deps,
    boolean scheduleGiven, String schedule, Map<String, byte[]> files, String entrypoint) {

  public DeployRequest {
    deps = deps == null ? List.of() : List.copyOf(deps);
    files = files == null ? null : java.util.Collections.unmodifiableMap(new TreeMap<>(files));
  }

  /** The source's SHA-256, or for a file set the SHA-256 of its sorted paths and their contents' SHA-256. */
  public String codeHash() {
    if (files == null) {
      return SigV4.sha256Hex(source);
    }
    StringBuilder sb = new StringBuilder();
    files.forEach((path, bytes) -> sb.append(path).append('\0').append(SigV4.sha256Hex(bytes)).append('\n'));
    return SigV4.sha256Hex(sb.toString());
  }

  /** A single-file function. */
  public DeployRequest(String name, String source, Integer timeoutSeconds, Integer memoryMb, List<String> deps,
      boolean scheduleGiven, String schedule) {
    this(name, source, timeoutSeconds, memoryMb, deps, scheduleGiven, schedule, null, null);
  }
}

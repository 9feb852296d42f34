package com.run402.local.runtime.functions;

import java.util.List;

/**
 * One function deploy, from the legacy {@code POST /projects/v1/admin/:id/functions} body or a release's
 * function entry. Null timeout/memory mean the tier's; {@code scheduleGiven} false leaves the schedule as it is.
 */
public record DeployRequest(String name, String source, Integer timeoutSeconds, Integer memoryMb, List<String> deps,
    boolean scheduleGiven, String schedule) {

  public DeployRequest {
    deps = deps == null ? List.of() : List.copyOf(deps);
  }
}

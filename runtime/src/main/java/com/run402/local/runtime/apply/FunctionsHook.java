package com.run402.local.runtime.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.run402.local.runtime.projects.Project;

/** Makes a release's functions live (the function runner); called before the release switch. */
@FunctionalInterface
public interface FunctionsHook {
  /** {@code before} is the live manifest (null for the first release), {@code after} the new one. */
  void apply(Project p, JsonNode before, JsonNode after);
}

package com.run402.local.runtime.functions;

import java.time.Duration;

/**
 * How deployed functions run.
 *
 * @param node the Node executable (the machine's {@code node} by default)
 * @param npm the npm executable used to install a function's {@code deps}
 * @param workersPerProject warm workers kept per project (and memory size); calls share them
 * @param workerStartTimeout how long a new worker may take to listen
 * @param depsTimeout how long one {@code npm install} of a function's deps may take
 * @param registry the npm registry deps are installed from, passed as {@code --registry=<url>} (an http(s) URL);
 *     null leaves the choice to npm (its {@code .npmrc}, else registry.npmjs.org)
 */
public record FunctionsOptions(String node, String npm, int workersPerProject, Duration workerStartTimeout,
    Duration depsTimeout, String registry) {

  public FunctionsOptions {
    if (node == null || node.isBlank() || npm == null || npm.isBlank()) {
      throw new IllegalArgumentException("node and npm commands are required");
    }
    if (workersPerProject < 1 || workersPerProject > 16) {
      throw new IllegalArgumentException("workersPerProject must be 1..16, got " + workersPerProject);
    }
    if (workerStartTimeout == null || depsTimeout == null) {
      throw new IllegalArgumentException("timeouts are required");
    }
    if (registry != null && !registry.matches("https?://\\S+")) {
      throw new IllegalArgumentException("registry must be an http(s) URL, got '" + registry + "'");
    }
  }

  /** {@code node}/{@code npm} from the PATH, two workers per project, 15 s to start, 120 s for npm, npm's registry. */
  public static FunctionsOptions defaults() {
    return new FunctionsOptions("node", "npm", 2, Duration.ofSeconds(15), Duration.ofSeconds(120), null);
  }
}

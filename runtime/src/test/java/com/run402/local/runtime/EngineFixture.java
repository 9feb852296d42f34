package com.run402.local.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** Starts an engine on a temporary data dir for runtime integration tests. */
public final class EngineFixture {
  private EngineFixture() {}

  public static RuntimeConfig config(Path dataDir, boolean ephemeral, String isolation) {
    return new RuntimeConfig(dataDir, ephemeral, RuntimeConfig.defaultCacheDir(), isolation, null, Duration.ofSeconds(60),
        Duration.ofSeconds(30), Clock.systemUTC());
  }

  public static Engine ephemeral() throws Exception {
    return Engine.start(config(Files.createTempDirectory("run402-it-"), true, "auto"));
  }

}

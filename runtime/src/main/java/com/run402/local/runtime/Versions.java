package com.run402.local.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions stamped into the build (run402/version.properties). */
public final class Versions {
  private static final Properties PROPS = load();

  private Versions() {}

  public static String emulator() {
    return PROPS.getProperty("version", "dev");
  }

  public static String postgres() {
    return PROPS.getProperty("postgres.binaries.version", "17.11.0");
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = Versions.class.getResourceAsStream("/run402/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // defaults above
    }
    return p;
  }
}

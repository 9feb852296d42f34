package com.run402.local.runtime.mail;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

/** Production's id shape for mail objects: {@code <prefix>_<epoch ms>_<6 base36>} (legacy-gateway 1.14). */
public final class MailIds {
  private static final String BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz";

  private MailIds() {}

  public static String next(String prefix, Clock clock) {
    StringBuilder b = new StringBuilder(prefix).append('_').append(clock.millis()).append('_');
    ThreadLocalRandom r = ThreadLocalRandom.current();
    for (int i = 0; i < 6; i++) {
      b.append(BASE36.charAt(r.nextInt(36)));
    }
    return b.toString();
  }
}

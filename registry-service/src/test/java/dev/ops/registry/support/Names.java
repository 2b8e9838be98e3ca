package dev.ops.registry.support;

import java.util.concurrent.ThreadLocalRandom;

/** Repository names that no other test uses, since all tests share one registry. */
public final class Names {

  private Names() {}

  public static String repository(String prefix) {
    return prefix + "/r" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 4);
  }
}

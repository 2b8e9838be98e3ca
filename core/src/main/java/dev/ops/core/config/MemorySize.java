package dev.ops.core.config;

import dev.ops.core.OpsException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Memory sizes as users write them: {@code 256m}, {@code 1G}, {@code 512M}, {@code 2048}. */
public final class MemorySize {

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)i?b?");
  private static final long MAX_MIB = 1L << 20;

  private MemorySize() {}

  /** The size in MiB; a bare number is MiB, as in QEMU's {@code -m}. */
  public static int parseMib(String text) {
    Matcher matcher = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw invalid(text);
    }
    long value;
    try {
      value = Long.parseLong(matcher.group(1));
    } catch (NumberFormatException e) {
      throw invalid(text);
    }
    if (value > MAX_MIB * 1024) {
      // Also keeps the multiplications below from overflowing into a plausible size.
      throw invalid(text);
    }
    long mib =
        switch (matcher.group(2)) {
          case "k" -> value / 1024;
          case "g" -> value * 1024;
          case "t" -> value * 1024 * 1024;
          default -> value;
        };
    if (mib < 1 || mib > MAX_MIB) {
      throw invalid(text);
    }
    return (int) mib;
  }

  private static OpsException invalid(String text) {
    return new OpsException(
        "'" + text + "' is not a memory size",
        "write a size such as 256m, 512M or 1G (at least 1 MiB)");
  }
}

package dev.ops.core.kernel.build;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Counts compiled objects in kbuild's short output ({@code " CC kernel/fork.o"}) to turn a silent
 * five-minute make into a percentage and a time estimate.
 */
public final class CompileProgressCounter {

  /**
   * Objects in a build of ops' fragment on Debian's 6.1 source (about 1,210 on 6.1.192-3, objtool's
   * included), used until this work directory has seen a build of its own.
   */
  public static final int DEFAULT_EXPECTED_OBJECTS = 1220;

  /** The steps that each turn one source file into one object file. */
  private static final Pattern COMPILE_LINE = Pattern.compile("^\\s+(CC|AS)\\s+\\S+\\.o$");

  private final int expected;
  private int compiled;

  public CompileProgressCounter(int expected) {
    this.expected = expected > 0 ? expected : DEFAULT_EXPECTED_OBJECTS;
  }

  /** Whether the line reports a compiled object; counts it when it does. */
  public boolean accept(String line) {
    if (COMPILE_LINE.matcher(line).matches()) {
      compiled++;
      return true;
    }
    return false;
  }

  public int compiled() {
    return compiled;
  }

  public CompileProgress progress(Duration elapsed) {
    // Past the estimate, keep the total just ahead so the figure stays meaningful.
    return new CompileProgress(compiled, Math.max(expected, compiled + 1), elapsed);
  }
}

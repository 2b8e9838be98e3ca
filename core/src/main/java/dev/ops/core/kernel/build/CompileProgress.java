package dev.ops.core.kernel.build;

import java.time.Duration;
import java.util.Optional;

/**
 * How far the compile step is: objects compiled so far against an estimate of the total.
 *
 * @param compiled objects compiled so far
 * @param expected the estimated total: the count of the last build in the same work directory, or
 *     {@link CompileProgressCounter#DEFAULT_EXPECTED_OBJECTS} before there was one
 * @param elapsed time since compiling started
 */
public record CompileProgress(int compiled, int expected, Duration elapsed) {

  /** Below this many objects the rate is too noisy to extrapolate from. */
  static final int MIN_OBJECTS_FOR_ESTIMATE = 20;

  /**
   * Percent done, at most 99 until the build has really finished: an estimate that runs out early
   * would otherwise show 100 % while make is still linking.
   */
  public int percent() {
    if (expected <= 0) {
      return 0;
    }
    return (int) Math.min(99, 100L * compiled / expected);
  }

  /** Time left at the rate so far; empty while too few objects are done to tell. */
  public Optional<Duration> remaining() {
    if (compiled < MIN_OBJECTS_FOR_ESTIMATE) {
      return Optional.empty();
    }
    long left = Math.max(0, expected - compiled);
    return Optional.of(elapsed.multipliedBy(left).dividedBy(compiled));
  }

  /** Such as {@code 412/1523 objects (27 %), about 3 min 10 s left}. */
  public String describe() {
    String done = compiled + "/" + expected + " objects (" + percent() + " %)";
    return remaining().map(left -> done + ", about " + format(left) + " left").orElse(done);
  }

  private static String format(Duration duration) {
    long seconds = duration.toSeconds();
    return seconds >= 60 ? seconds / 60 + " min " + seconds % 60 + " s" : seconds + " s";
  }
}

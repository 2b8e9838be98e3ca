package dev.ops.runner.control;

import dev.ops.events.instance.InstancePhase;
import dev.ops.events.instance.RestartPolicy;
import java.time.Duration;

/** When an ended instance runs again, and after how long. */
public final class RestartRules {

  private RestartRules() {}

  /**
   * @param phase how the attempt ended: exited, failed or lost
   * @param exitStatus the program's status when it exited
   * @param restarts restarts already made
   */
  public static boolean wants(
      RestartPolicy policy,
      InstancePhase phase,
      Integer exitStatus,
      boolean stopRequested,
      int restarts) {
    if (stopRequested) {
      return false;
    }
    boolean failed = phase != InstancePhase.EXITED || exitStatus == null || exitStatus != 0;
    return switch (policy.mode()) {
      case NO -> false;
      case ALWAYS -> true;
      case ON_FAILURE -> failed && (policy.maxRetries() == 0 || restarts < policy.maxRetries());
    };
  }

  /** Doubles from {@code first} with each restart, up to {@code max}. */
  public static Duration backoff(int restarts, Duration first, Duration max) {
    Duration wait = first;
    for (int i = 0; i < restarts && wait.compareTo(max) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(max) > 0 ? max : wait;
  }
}

package dev.ops.runner.ledger;

import dev.ops.events.instance.InstancePhase;
import dev.ops.events.instance.LaunchRequested;
import java.time.Instant;

/**
 * What the fleet's log says about one instance, as this runner has read it.
 *
 * @param instanceId the instance's id
 * @param phase its phase; {@code REQUESTED} until a lifecycle event was read
 * @param runnerId the runner holding it, from the accepted scheduling
 * @param attempt the accepted scheduling's attempt, 0 before the first
 * @param launch its launch request, once known (from the state topic or a launch read here)
 * @param exitStatus the program's status after an exit
 * @param stopRequested someone asked it to stop, so restart policies leave it alone
 * @param stopTimeoutSeconds the grace the stop request asked for
 * @param removeRequested someone asked for it to be removed
 * @param removed its last event was read
 * @param reason why it waits, failed or was lost
 * @param since when its phase last changed
 */
public record InstanceView(
    String instanceId,
    InstancePhase phase,
    String runnerId,
    int attempt,
    LaunchRequested launch,
    Integer exitStatus,
    boolean stopRequested,
    int stopTimeoutSeconds,
    boolean removeRequested,
    boolean removed,
    String reason,
    Instant since) {

  /** Whether the log holds any lifecycle event of it: a launch for it is then a duplicate. */
  public boolean hasHistory() {
    return phase != InstancePhase.REQUESTED || removed;
  }

  /** Whether a runner holds (or is about to hold) a VM for it. */
  public boolean isActive() {
    return Phases.isActive(phase) && !removed;
  }

  public boolean heldBy(String runner) {
    return runner.equals(runnerId);
  }
}

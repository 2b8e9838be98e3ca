package dev.ops.runner.ledger;

import dev.ops.events.instance.InstancePhase;
import java.util.EnumSet;
import java.util.Set;

/** Groups of phases the runner reasons with. */
public final class Phases {

  private static final Set<InstancePhase> ACTIVE =
      EnumSet.of(
          InstancePhase.SCHEDULED,
          InstancePhase.PULLING,
          InstancePhase.STARTING,
          InstancePhase.RUNNING,
          InstancePhase.STOPPING);

  private Phases() {}

  /** Scheduled on a runner and not ended: its capacity is reserved there. */
  public static boolean isActive(InstancePhase phase) {
    return ACTIVE.contains(phase);
  }
}

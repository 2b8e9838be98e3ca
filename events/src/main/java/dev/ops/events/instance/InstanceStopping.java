package dev.ops.events.instance;

import dev.ops.events.EventPayload;
import dev.ops.events.Require;

/**
 * A fact: the program was asked to end and has its grace period.
 *
 * @param instanceId the instance's id
 * @param runnerId the runner
 * @param reason why ("stop requested by alice", "removed", "runner shutting down")
 */
public record InstanceStopping(String instanceId, String runnerId, String reason)
    implements EventPayload {

  public InstanceStopping {
    Require.text(instanceId, "instanceId");
    Require.text(runnerId, "runnerId");
    Require.text(reason, "reason");
  }

  @Override
  public String key() {
    return instanceId;
  }
}

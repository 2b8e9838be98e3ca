package dev.ops.events.instance;

import dev.ops.events.EventPayload;
import dev.ops.events.Require;

/**
 * A fact: the instance is gone for good, with its runner's local state. The last event of an
 * instance.
 *
 * @param instanceId the instance's id
 * @param runnerId the runner that held it; absent when no runner ever took it
 */
public record InstanceRemoved(String instanceId, String runnerId) implements EventPayload {

  public InstanceRemoved {
    Require.text(instanceId, "instanceId");
    Require.optionalText(runnerId, "runnerId");
  }

  @Override
  public String key() {
    return instanceId;
  }
}

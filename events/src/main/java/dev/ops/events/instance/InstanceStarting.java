package dev.ops.events.instance;

import dev.ops.events.EventPayload;
import dev.ops.events.Require;

/**
 * A fact: the image is in the runner's cache and QEMU is being started.
 *
 * @param instanceId the instance's id
 * @param runnerId the runner
 */
public record InstanceStarting(String instanceId, String runnerId) implements EventPayload {

  public InstanceStarting {
    Require.text(instanceId, "instanceId");
    Require.text(runnerId, "runnerId");
  }

  @Override
  public String key() {
    return instanceId;
  }
}

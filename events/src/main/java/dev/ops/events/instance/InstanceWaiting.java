package dev.ops.events.instance;

import dev.ops.events.EventPayload;
import dev.ops.events.Require;

/**
 * A fact: no runner can take the launch now, so it waits instead of being dropped. Published again
 * when the reason changes.
 *
 * @param instanceId the instance's id
 * @param reason why it waits, for a person ("no runner has 2 vCPUs and 512 MiB free")
 */
public record InstanceWaiting(String instanceId, String reason) implements EventPayload {

  public InstanceWaiting {
    Require.text(instanceId, "instanceId");
    Require.text(reason, "reason");
  }

  @Override
  public String key() {
    return instanceId;
  }
}

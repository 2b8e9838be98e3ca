package dev.ops.events.instance;

import dev.ops.events.EventPayload;
import dev.ops.events.Require;
import java.time.Instant;

/**
 * A fact: nobody knows whether the instance still runs, because its runner stopped heart-beating or
 * its supervisor vanished. Published by whoever noticed, which is not necessarily its runner.
 *
 * @param instanceId the instance's id
 * @param runnerId the runner it was on
 * @param reason how it was noticed, for a person
 * @param lastSeen the last time its runner reported it
 */
public record InstanceLost(String instanceId, String runnerId, String reason, Instant lastSeen)
    implements EventPayload {

  public InstanceLost {
    Require.text(instanceId, "instanceId");
    Require.text(runnerId, "runnerId");
    Require.text(reason, "reason");
    Require.present(lastSeen, "lastSeen");
  }

  @Override
  public String key() {
    return instanceId;
  }
}

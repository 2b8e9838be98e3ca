package dev.ops.events.instance;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ops.events.EventPayload;
import dev.ops.events.Require;

/**
 * A fact: a runner took the launch and reserved its capacity.
 *
 * @param instanceId the instance's id
 * @param runnerId the runner that will run it
 * @param attempt 1 for the first launch, one more for each restart or relaunch elsewhere
 */
public record InstanceScheduled(
    String instanceId, String runnerId, @JsonProperty(required = true) int attempt)
    implements EventPayload {

  public InstanceScheduled {
    Require.text(instanceId, "instanceId");
    Require.text(runnerId, "runnerId");
    Require.positive(attempt, "attempt");
  }

  @Override
  public String key() {
    return instanceId;
  }
}

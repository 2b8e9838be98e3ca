package dev.ops.events.instance;

import dev.ops.events.EventPayload;
import dev.ops.events.Require;

/**
 * A command: forget an instance. A running one is stopped first (gracefully, then forced); its
 * runner deletes its local state and publishes {@link InstanceRemoved}, and its entry in the state
 * topic becomes a tombstone.
 *
 * @param instanceId the instance's id
 * @param requestedBy who asked, for people reading the events
 */
public record RemoveRequested(String instanceId, String requestedBy) implements EventPayload {

  public RemoveRequested {
    Require.text(instanceId, "instanceId");
    Require.text(requestedBy, "requestedBy");
  }

  @Override
  public String key() {
    return instanceId;
  }
}

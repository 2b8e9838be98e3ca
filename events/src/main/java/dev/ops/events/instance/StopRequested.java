package dev.ops.events.instance;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ops.events.EventPayload;
import dev.ops.events.Require;

/**
 * A command: stop an instance's program, gracefully first. Every runner reads these; the one that
 * holds the instance acts. Stopping an instance that already ended changes nothing.
 *
 * @param instanceId the instance's id
 * @param timeoutSeconds how long the program has to end after being asked before the VM is killed
 * @param requestedBy who asked, for people reading the events
 */
public record StopRequested(
    String instanceId, @JsonProperty(required = true) int timeoutSeconds, String requestedBy)
    implements EventPayload {

  public StopRequested {
    Require.text(instanceId, "instanceId");
    Require.nonNegative(timeoutSeconds, "timeoutSeconds");
    Require.text(requestedBy, "requestedBy");
  }

  @Override
  public String key() {
    return instanceId;
  }
}

package dev.ops.events.runner;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ops.events.EventPayload;
import dev.ops.events.Require;

/**
 * A command: a runner stops taking launches and empties itself, or takes launches again. A draining
 * runner stops its VMs gracefully; the fleet starts elsewhere those whose restart policy asks for
 * it and leaves the others ended. The latest command for a runner decides.
 *
 * @param runnerId the runner to drain or resume
 * @param draining true to drain, false to take launches again
 * @param requestedBy who asked, for people reading the events
 */
public record DrainRequested(
    String runnerId, @JsonProperty(required = true) boolean draining, String requestedBy)
    implements EventPayload {

  public DrainRequested {
    Require.text(runnerId, "runnerId");
    Require.text(requestedBy, "requestedBy");
  }

  @Override
  public String key() {
    return runnerId;
  }
}

package dev.ops.events.instance;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ops.events.EventPayload;
import dev.ops.events.Require;

/**
 * A fact: the program ended and the VM powered off.
 *
 * @param instanceId the instance's id
 * @param runnerId the runner
 * @param status the program's status as a shell reports it: its exit code, or 128+N when signal N
 *     killed it
 * @param signal the signal that killed the program; absent when it exited by itself
 * @param stopRequested whether it ended because a stop or remove was requested, which restart
 *     policies respect
 */
public record InstanceExited(
    String instanceId,
    String runnerId,
    @JsonProperty(required = true) int status,
    Integer signal,
    @JsonProperty(required = true) boolean stopRequested)
    implements EventPayload {

  public InstanceExited {
    Require.text(instanceId, "instanceId");
    Require.text(runnerId, "runnerId");
    if (status < 0 || status > 255) {
      throw new IllegalArgumentException("status must be 0-255, was " + status);
    }
    if (signal != null && (signal < 1 || signal > 64)) {
      throw new IllegalArgumentException("signal must be 1-64, was " + signal);
    }
  }

  @Override
  public String key() {
    return instanceId;
  }
}

package dev.ops.events.instance;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ops.events.EventPayload;
import dev.ops.events.Require;
import java.time.Instant;

/**
 * The latest known state of one instance, on the compacted state topic. Reading that topic from the
 * beginning gives the whole fleet's view, and everything needed to launch an instance again
 * elsewhere. A removed instance's entry is a tombstone (a record without a value).
 *
 * @param instanceId the instance's id
 * @param phase where it is in its life
 * @param launch the launch request it came from
 * @param runnerId the runner holding it; absent before scheduling
 * @param attempt 0 before the first scheduling, then as in {@link InstanceScheduled}
 * @param exitStatus the program's status once it exited
 * @param step the failed step, when failed
 * @param reason why it waits, failed or was lost, for a person
 * @param since when it entered this phase
 */
public record InstanceState(
    String instanceId,
    InstancePhase phase,
    LaunchRequested launch,
    String runnerId,
    @JsonProperty(required = true) int attempt,
    Integer exitStatus,
    String step,
    String reason,
    Instant since)
    implements EventPayload {

  public InstanceState {
    Require.text(instanceId, "instanceId");
    Require.present(phase, "phase");
    Require.present(launch, "launch");
    if (!launch.instanceId().equals(instanceId)) {
      throw new IllegalArgumentException(
          "launch.instanceId ("
              + launch.instanceId()
              + ") must be instanceId ("
              + instanceId
              + ")");
    }
    Require.optionalText(runnerId, "runnerId");
    Require.nonNegative(attempt, "attempt");
    Require.optionalText(step, "step");
    Require.optionalText(reason, "reason");
    Require.present(since, "since");
  }

  @Override
  public String key() {
    return instanceId;
  }
}

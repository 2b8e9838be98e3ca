package dev.ops.events.instance;

import dev.ops.events.EventPayload;
import dev.ops.events.Require;
import java.util.List;

/**
 * A fact: the instance could not be run, or its VM broke (a kernel panic, QEMU dying), as opposed
 * to its program exiting.
 *
 * @param instanceId the instance's id
 * @param runnerId the runner; absent when it failed before any runner took it
 * @param step the launch step that failed ({@code pull-image}, {@code start-qemu}, {@code boot})
 * @param reason what went wrong and what to do about it, for a person
 * @param consoleTail the last lines of the VM's console, oldest first; empty when it never booted
 */
public record InstanceFailed(
    String instanceId, String runnerId, String step, String reason, List<String> consoleTail)
    implements EventPayload {

  public InstanceFailed {
    Require.text(instanceId, "instanceId");
    Require.optionalText(runnerId, "runnerId");
    Require.text(step, "step");
    Require.text(reason, "reason");
    consoleTail = Require.list(consoleTail, "consoleTail");
  }

  @Override
  public String key() {
    return instanceId;
  }
}

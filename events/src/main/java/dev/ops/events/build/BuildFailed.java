package dev.ops.events.build;

import dev.ops.events.EventPayload;
import dev.ops.events.Require;

/**
 * A fact: the build ended without an image. Transient faults were already retried; what is left
 * needs someone to act.
 *
 * @param buildId the build's id
 * @param step the step that failed, as named in {@link BuildProgress}
 * @param reason what went wrong and what to do about it, for a person
 */
public record BuildFailed(String buildId, String step, String reason) implements EventPayload {

  public BuildFailed {
    Require.text(buildId, "buildId");
    Require.text(step, "step");
    Require.text(reason, "reason");
  }

  @Override
  public String key() {
    return buildId;
  }
}

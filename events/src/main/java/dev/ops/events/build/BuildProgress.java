package dev.ops.events.build;

import dev.ops.events.EventPayload;
import dev.ops.events.Require;

/**
 * A fact: a build reached a step, or has news about one. For people watching; nothing depends on
 * receiving every one.
 *
 * @param buildId the build's id
 * @param step the step's name, verb-noun in kebab case ({@code pull-blobs}, {@code write-layers},
 *     {@code push-image})
 * @param message what is happening, for a person
 */
public record BuildProgress(String buildId, String step, String message) implements EventPayload {

  public BuildProgress {
    Require.text(buildId, "buildId");
    Require.text(step, "step");
    Require.text(message, "message");
  }

  @Override
  public String key() {
    return buildId;
  }
}

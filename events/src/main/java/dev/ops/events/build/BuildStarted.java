package dev.ops.events.build;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ops.events.EventPayload;
import dev.ops.events.Require;

/**
 * A fact: a builder took the request and began. A build whose builder died shows a second {@code
 * started} from another builder, with a higher attempt.
 *
 * @param buildId the build's id
 * @param image the image name and tag being built
 * @param builder the id of the builder instance doing the work
 * @param attempt 1 for the first builder that started this build, 2 for the next, and so on
 */
public record BuildStarted(
    String buildId, String image, String builder, @JsonProperty(required = true) int attempt)
    implements EventPayload {

  public BuildStarted {
    Require.text(buildId, "buildId");
    Require.text(image, "image");
    Require.text(builder, "builder");
    Require.positive(attempt, "attempt");
  }

  @Override
  public String key() {
    return buildId;
  }
}

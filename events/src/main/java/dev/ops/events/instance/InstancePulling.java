package dev.ops.events.instance;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ops.events.EventPayload;
import dev.ops.events.Require;

/**
 * A fact: the runner is fetching the image's layers and kernel that it lacks.
 *
 * @param instanceId the instance's id
 * @param runnerId the runner
 * @param imageDigest the manifest digest being pulled (a tag is resolved before this)
 * @param bytesToPull bytes missing from the runner's cache; 0 when everything was cached
 */
public record InstancePulling(
    String instanceId,
    String runnerId,
    String imageDigest,
    @JsonProperty(required = true) long bytesToPull)
    implements EventPayload {

  public InstancePulling {
    Require.text(instanceId, "instanceId");
    Require.text(runnerId, "runnerId");
    Require.digest(imageDigest, "imageDigest");
    Require.nonNegative(bytesToPull, "bytesToPull");
  }

  @Override
  public String key() {
    return instanceId;
  }
}

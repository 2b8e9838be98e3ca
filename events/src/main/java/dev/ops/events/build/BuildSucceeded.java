package dev.ops.events.build;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ops.events.EventPayload;
import dev.ops.events.Require;

/**
 * A fact: the image is in the registry. A repeated request for a build that already succeeded
 * publishes this again with the same reference and digest.
 *
 * @param buildId the build's id
 * @param image the full reference pushed, registry included ({@code host:port/name:tag})
 * @param manifestDigest the digest of the image manifest; launches pin it
 * @param size the manifest, config and layers in bytes
 * @param durationMillis from the builder taking the request to the push completing
 */
public record BuildSucceeded(
    String buildId,
    String image,
    String manifestDigest,
    @JsonProperty(required = true) long size,
    @JsonProperty(required = true) long durationMillis)
    implements EventPayload {

  public BuildSucceeded {
    Require.text(buildId, "buildId");
    Require.text(image, "image");
    Require.digest(manifestDigest, "manifestDigest");
    Require.nonNegative(size, "size");
    Require.nonNegative(durationMillis, "durationMillis");
  }

  @Override
  public String key() {
    return buildId;
  }
}

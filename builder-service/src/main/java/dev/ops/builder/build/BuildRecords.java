package dev.ops.builder.build;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ops.core.image.ImageManifest;
import dev.ops.core.registry.ImageReference;
import dev.ops.core.registry.Manifest;
import dev.ops.core.registry.RegistryClient;
import dev.ops.core.registry.RegistryException;
import dev.ops.core.util.Digests;
import dev.ops.core.util.Json;
import dev.ops.events.build.BuildSucceeded;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What makes builds idempotent: after pushing an image, the builder pushes a small record of the
 * build next to it, an OCI artifact tagged {@code build-<build id>} whose {@code subject} is the
 * image's manifest and whose annotations hold the published result. A request whose record exists
 * is answered from it without building.
 *
 * <p>The record is a separate manifest, rather than annotations on the image's own, so that the
 * image's digest depends only on its contents: the same program gives the same digest locally and
 * on any builder, whatever the build id.
 */
final class BuildRecords {

  static final String ARTIFACT_TYPE = "application/vnd.ops.build.v1";
  static final String EMPTY_MEDIA_TYPE = "application/vnd.oci.empty.v1+json";
  static final String BUILD_ID = "dev.ops.build.id";
  static final String IMAGE = "dev.ops.build.image";
  static final String SIZE = "dev.ops.build.size";
  static final String DURATION = "dev.ops.build.duration-millis";

  private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);
  private static final String TAG_PREFIX = "build-";
  private static final Pattern TAG_SAFE = Pattern.compile("[a-zA-Z0-9_.-]{1,122}");
  private static final int HASHED_TAG_HEX = 40;
  private static final int NOT_FOUND = 404;

  private final RegistryClient client;

  BuildRecords(RegistryClient client) {
    this.client = client;
  }

  /** The tag of a build's record; ids that cannot be a tag are hashed. */
  static String tagFor(String buildId) {
    if (TAG_SAFE.matcher(buildId).matches()) {
      return TAG_PREFIX + buildId;
    }
    String hex = Digests.hex(Digests.of(buildId.getBytes(StandardCharsets.UTF_8)));
    return TAG_PREFIX + "sha256-" + hex.substring(0, HASHED_TAG_HEX);
  }

  /**
   * The result of an earlier build of {@code buildId}, if it exists and its image is still there.
   */
  Optional<BuildSucceeded> find(ImageReference image, String buildId) {
    Optional<Manifest> record = pullRecord(image.repository(), tagFor(buildId));
    if (record.isEmpty()) {
      return Optional.empty();
    }
    BuildSucceeded result = read(record.get(), buildId);
    boolean imageKept =
        client.findManifest(image.repository(), result.manifestDigest()).isPresent();
    return imageKept ? Optional.of(result) : Optional.empty();
  }

  /** Stores the record of a build that succeeded. */
  void record(ImageReference image, BuildSucceeded result, long manifestSize) {
    String empty = Digests.of(EMPTY);
    if (!client.hasBlob(image.repository(), empty)) {
      client.pushBlob(image.repository(), EMPTY);
    }
    ImageManifest.Descriptor emptyDescriptor =
        new ImageManifest.Descriptor(EMPTY_MEDIA_TYPE, empty, EMPTY.length, null);
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", ImageManifest.MEDIA_TYPE);
    manifest.put("artifactType", ARTIFACT_TYPE);
    manifest.put("config", emptyDescriptor);
    // Some registries refuse a manifest without layers; the spec's advice is the empty blob.
    manifest.put("layers", List.of(emptyDescriptor));
    manifest.put(
        "subject",
        new ImageManifest.Descriptor(
            ImageManifest.MEDIA_TYPE, result.manifestDigest(), manifestSize, null));
    manifest.put("annotations", annotations(result));
    client.pushManifest(
        image.repository(),
        tagFor(result.buildId()),
        Json.write(manifest),
        ImageManifest.MEDIA_TYPE);
  }

  private static Map<String, String> annotations(BuildSucceeded result) {
    return Map.of(
        BUILD_ID, result.buildId(),
        IMAGE, result.image(),
        SIZE, Long.toString(result.size()),
        DURATION, Long.toString(result.durationMillis()));
  }

  private Optional<Manifest> pullRecord(String repository, String tag) {
    try {
      return Optional.of(client.pullManifest(repository, tag));
    } catch (RegistryException e) {
      if (e.status() == NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static BuildSucceeded read(Manifest record, String buildId) {
    try {
      JsonNode root = Json.MAPPER.readTree(record.bytes());
      JsonNode annotations = root.path("annotations");
      if (!buildId.equals(annotations.path(BUILD_ID).asText())) {
        throw new IllegalStateException("the record names build " + annotations.path(BUILD_ID));
      }
      return new BuildSucceeded(
          buildId,
          annotations.path(IMAGE).asText(),
          root.path("subject").path("digest").asText(),
          Long.parseLong(annotations.path(SIZE).asText()),
          Long.parseLong(annotations.path(DURATION).asText()));
    } catch (IOException | RuntimeException e) {
      throw BuildFailure.of(
          "find-build",
          "the record of build "
              + buildId
              + " in the registry is damaged ("
              + e.getMessage()
              + "); delete the tag "
              + tagFor(buildId)
              + " and publish the request again");
    }
  }
}

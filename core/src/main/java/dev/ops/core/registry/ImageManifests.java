package dev.ops.core.registry;

import dev.ops.core.OpsException;
import dev.ops.core.image.ImageConfig;
import dev.ops.core.image.ImageManifest;
import dev.ops.core.util.Json;
import java.io.IOException;

/**
 * Reads a pulled manifest as an ops image or an ops kernel, refusing anything else with a reason (a
 * docker image, a multi-platform index, the wrong kind of ops artifact).
 */
final class ImageManifests {

  private ImageManifests() {}

  static ImageManifest readImage(Manifest manifest, ImageReference source) {
    ImageManifest image = read(manifest, source);
    String configType = image.config().mediaType();
    if (KernelArtifact.CONFIG_MEDIA_TYPE.equals(configType)) {
      throw new OpsException(
          source + " is a kernel, not an image", "pull it with 'ops kernel pull " + source + "'");
    }
    if (!ImageConfig.MEDIA_TYPE.equals(configType)) {
      throw notOurs(source, "its config is " + configType + ", not " + ImageConfig.MEDIA_TYPE);
    }
    for (ImageManifest.Descriptor layer : image.layers()) {
      if (!ImageManifest.LAYER_MEDIA_TYPE.equals(layer.mediaType())) {
        throw notOurs(source, "it has a layer of type " + layer.mediaType());
      }
    }
    return image;
  }

  static ImageManifest readKernel(Manifest manifest, ImageReference source) {
    ImageManifest kernel = read(manifest, source);
    if (!KernelArtifact.CONFIG_MEDIA_TYPE.equals(kernel.config().mediaType())) {
      throw new OpsException(
          source + " is not an ops kernel: its config is " + kernel.config().mediaType(),
          "kernels live in kernels/<flavour>:<name>; images are pulled with 'ops image pull'");
    }
    return kernel;
  }

  private static ImageManifest read(Manifest manifest, ImageReference source) {
    if (!ImageManifest.MEDIA_TYPE.equals(manifest.mediaType())) {
      throw notOurs(source, "it is a " + manifest.mediaType());
    }
    try {
      ImageManifest parsed = Json.MAPPER.readValue(manifest.bytes(), ImageManifest.class);
      if (parsed.config() == null || parsed.layers() == null) {
        throw notOurs(source, "its manifest has no config or no layers");
      }
      return parsed;
    } catch (IOException e) {
      throw notOurs(source, "its manifest does not read (" + e.getMessage() + ")");
    }
  }

  private static OpsException notOurs(ImageReference source, String why) {
    return new OpsException(
        source + " is not something ops built: " + why,
        "ops pulls images built with 'ops build' and kernels pushed with 'ops kernel push'");
  }
}

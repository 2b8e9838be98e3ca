package dev.ops.cli;

import dev.ops.core.image.ImageStore.StoredImage;
import dev.ops.core.registry.ImagePushResult;
import dev.ops.core.registry.ImagePusher;
import dev.ops.core.registry.ImageReference;
import dev.ops.core.registry.RegistrySettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ops image push}: a local image, and its kernel, to a registry. */
@Command(
    name = "push",
    mixinStandardHelpOptions = true,
    description = {
      "Push a local image and its kernel to a registry, sending only the blobs it lacks.",
      "The registry and token come from OPS_REGISTRY and OPS_REGISTRY_TOKEN, or from"
          + " $OPS_HOME/config.json: {\"registry\": {\"url\": \"http://host:port\", \"token\":"
          + " \"...\"}}."
    })
final class ImagePushCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "IMAGE", description = "A local image (ops image list).")
  String image;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "TARGET",
      description =
          "[registry/]repository[:tag]; default: the configured registry, repository IMAGE,"
              + " tag latest.")
  String target;

  @Mixin TransferFlags flags = new TransferFlags();

  @Override
  public Integer call() {
    Workspace workspace = Workspace.open(flags.verbose);
    RegistrySettings settings = workspace.registrySettings();
    StoredImage stored = workspace.images.get(image);
    ImageReference reference = settings.parse(target == null ? image : target);
    ImagePushResult result =
        new ImagePusher(
                settings.clientFor(reference.registry(), workspace.progress),
                workspace.blobs,
                workspace.kernels.store(),
                workspace.progress)
            .push(stored, reference);
    RegistryOutput.printImagePush(result, flags.json);
    return 0;
  }
}

package dev.ops.cli;

import dev.ops.core.registry.ImagePullResult;
import dev.ops.core.registry.ImagePuller;
import dev.ops.core.registry.ImageReference;
import dev.ops.core.registry.RegistrySettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ops image pull}: an image, and its kernel when missing, from a registry. */
@Command(
    name = "pull",
    mixinStandardHelpOptions = true,
    description = {
      "Pull an image from a registry into the local store, with its kernel when this machine"
          + " lacks it. Every blob is checked against its digest before it is stored.",
      "Then run it with 'ops instance create NAME'."
    })
final class ImagePullCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      paramLabel = "REFERENCE",
      description =
          "[registry/]repository[:tag|@sha256:...]; without a registry, the configured one.")
  String reference;

  @Option(
      names = {"-i", "--image-name"},
      paramLabel = "NAME",
      description = "Local name (default: the repository's last component).")
  String imageName;

  @Mixin TransferFlags flags = new TransferFlags();

  @Override
  public Integer call() {
    Workspace workspace = Workspace.open(flags.verbose);
    RegistrySettings settings = workspace.registrySettings();
    ImageReference source = settings.parse(reference);
    String name = imageName != null ? imageName : source.lastComponent();
    ImagePullResult result =
        new ImagePuller(
                settings.clientFor(source.registry(), workspace.progress),
                workspace.images,
                workspace.kernels.store(),
                workspace.progress)
            .pull(source, name);
    RegistryOutput.printImagePull(result, flags.json);
    return 0;
  }
}

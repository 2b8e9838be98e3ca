package dev.ops.cli;

import dev.ops.core.config.CommandLineSettings;
import dev.ops.core.config.OpsConfig;
import dev.ops.core.image.ImageSpec;
import dev.ops.core.image.ImageStore.StoredImage;
import dev.ops.core.qemu.LaunchOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ops pkg load}: {@code ops run} for a package and the user's files. */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {
      "Build an image from a local package plus your files and run it, as 'ops run' does.",
      "Arguments that name files here (-a server.js) go into the image. Example:"
          + " ops pkg load nodejs -a server.js -p 8080"
    })
final class PackageLoadCommand implements Callable<Integer> {

  @Mixin ImageOptions image = new ImageOptions();
  @Mixin LaunchFlags launch = new LaunchFlags();

  @Parameters(index = "0", paramLabel = "PKG", description = "name[:version] (ops pkg list)")
  void setPackage(String name) {
    image.packageName = name;
  }

  @Override
  public Integer call() {
    Workspace workspace = Workspace.open(launch.verbose);
    OpsConfig file = image.configFile();
    CommandLineSettings settings = image.settings(launch.ports, launch.memory, launch.cpus);
    ImageSpec spec = image.imageSpec(file, settings);
    LaunchOptions options = ImageOptions.launchOptions(file, settings, launch);
    StoredImage built = workspace.buildImage(image, spec);
    return RunCommand.runImage(workspace, built, options);
  }
}

package dev.ops.cli;

import dev.ops.core.config.CommandLineSettings;
import dev.ops.core.config.OpsConfig;
import dev.ops.core.image.ImageSpec;
import dev.ops.core.image.ImageStore.StoredImage;
import dev.ops.core.pkg.PackageName;
import dev.ops.core.pkg.PackageStore.StoredPackage;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ops build}: make an image and keep it, without running it. */
@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    description = "Build an image from a program and keep it in the local image store.")
final class BuildCommand implements Callable<Integer> {

  @Mixin ImageOptions image = new ImageOptions();

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PROGRAM",
      description = "The Linux x86-64 ELF program (or set Program in config.json).")
  void setProgram(String program) {
    image.program = program;
  }

  @Option(
      names = {"-v", "--verbose"},
      description = "Show each build step and its duration.")
  boolean verbose;

  @Option(names = "--json", description = "Print the image as JSON.")
  boolean json;

  @Option(
      names = "--fleet",
      description =
          "Build on the fleet's builders (Kafka from OPS_KAFKA, registry from OPS_REGISTRY or"
              + " $OPS_HOME/config.json) and push to the registry; -i may carry a tag.")
  boolean fleet;

  @Override
  public Integer call() {
    Workspace workspace = Workspace.open(verbose);
    OpsConfig file = image.configFile();
    CommandLineSettings settings = image.settings(null, null, 0);
    ImageSpec spec = image.imageSpec(file, settings);
    if (fleet) {
      StoredPackage base =
          image.packageName == null
              ? null
              : workspace.packages.get(PackageName.parse(image.packageName));
      return FleetBuild.print(
          new FleetBuild(workspace).build(spec, image.imageNameFor(spec), base), json);
    }
    StoredImage built = workspace.buildImage(image, spec);
    if (json) {
      Output.printJson(Output.imageSummary(built));
    } else {
      System.out.println(built.name() + " " + built.manifestDigest());
    }
    return 0;
  }
}

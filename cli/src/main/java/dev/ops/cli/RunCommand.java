package dev.ops.cli;

import dev.ops.core.config.CommandLineSettings;
import dev.ops.core.config.OpsConfig;
import dev.ops.core.image.ImageSpec;
import dev.ops.core.image.ImageStore.StoredImage;
import dev.ops.core.launch.VirtualMachine;
import dev.ops.core.launch.VmOutcome;
import dev.ops.core.pkg.PackageName;
import dev.ops.core.pkg.PackageStore.StoredPackage;
import dev.ops.core.qemu.LaunchOptions;
import dev.ops.core.qemu.QemuPlan;
import dev.ops.core.util.FileTrees;
import dev.ops.events.build.BuildSucceeded;
import dev.ops.events.instance.LaunchRequested;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ops run}: build the image, boot it, stream its console, exit with its status. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Build an image from a program and run it in a VM on this machine.",
      "Exits with the program's exit status (128+N when killed by signal N; 125 when ops or"
          + " the VM failed)."
    })
final class RunCommand implements Callable<Integer> {

  @Mixin ImageOptions image = new ImageOptions();

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PROGRAM",
      description = "The Linux x86-64 ELF program (or set Program in config.json).")
  void setProgram(String program) {
    image.program = program;
  }

  @Mixin LaunchFlags launch = new LaunchFlags();

  @Mixin FleetFlags fleet = new FleetFlags();

  @Override
  public Integer call() {
    Workspace workspace = Workspace.open(launch.verbose);
    OpsConfig file = image.configFile();
    CommandLineSettings settings = image.settings(launch.ports, launch.memory, launch.cpus);
    ImageSpec spec = image.imageSpec(file, settings);
    if (fleet.fleet) {
      return runOnFleet(workspace, spec);
    }
    LaunchOptions options = ImageOptions.launchOptions(file, settings, launch);
    StoredImage built = workspace.buildImage(image, spec);
    return runImage(workspace, built, options);
  }

  /** Builds through the builders, launches through a runner, follows the instance to its end. */
  private int runOnFleet(Workspace workspace, ImageSpec spec) {
    StoredPackage base =
        image.packageName == null
            ? null
            : workspace.packages.get(PackageName.parse(image.packageName));
    BuildSucceeded built = new FleetBuild(workspace).build(spec, image.imageNameFor(spec), base);
    LaunchRequested request =
        FleetLaunch.request(
            FleetCommands.newInstanceId(),
            null,
            built.image(),
            built.manifestDigest(),
            launch.memory,
            launch.cpus,
            launch.ports,
            fleet.restart,
            fleet.runner,
            fleet.labels);
    KafkaSettings kafka = KafkaSettings.load(workspace.home);
    return new FleetLaunch(kafka, workspace.progress).run(request, launch.verbose);
  }

  static int runImage(Workspace workspace, StoredImage image, LaunchOptions options) {
    Path runDirectory = createRunDirectory(workspace);
    try {
      QemuPlan plan = workspace.launcher().plan(image, options, runDirectory);
      try (VirtualMachine vm =
          workspace.launcher().start(plan, System.out, options.verbose() ? System.err : null)) {
        InterruptHandler.stopGracefullyOnInterrupt(vm, options.stopGrace());
        VmOutcome outcome = vm.awaitOutcome();
        OutcomeReport.print(outcome);
        return outcome.exitStatus();
      }
    } finally {
      FileTrees.deleteQuietly(runDirectory);
    }
  }

  private static Path createRunDirectory(Workspace workspace) {
    try {
      Path runs = workspace.home.root().resolve("run");
      Files.createDirectories(runs);
      return Files.createTempDirectory(runs, "vm-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

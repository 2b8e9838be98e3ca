package dev.ops.cli;

import dev.ops.core.registry.ImageReference;
import dev.ops.core.registry.KernelPullResult;
import dev.ops.core.registry.KernelPuller;
import dev.ops.core.registry.RegistrySettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ops kernel pull}: a kernel from a registry into the local kernel store. */
@Command(
    name = "pull",
    mixinStandardHelpOptions = true,
    description = "Pull a kernel from a registry into this machine's kernel store.")
final class KernelPullCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      paramLabel = "KERNEL",
      description =
          "A reference such as localhost:5050/kernels/minimal:NAME, or just a kernel's name to"
              + " look for under kernels/<flavour> in the configured registry.")
  String kernel;

  @Mixin TransferFlags flags = new TransferFlags();

  @Override
  public Integer call() {
    Workspace workspace = Workspace.open(flags.verbose);
    RegistrySettings settings = workspace.registrySettings();
    KernelPullResult result =
        isBareName() ? pullNamed(workspace, settings) : pull(workspace, settings);
    RegistryOutput.printKernelPull(result, flags.json);
    return 0;
  }

  /** A kernel name has no '/' where every reference to a kernels/ repository has one. */
  private boolean isBareName() {
    return !kernel.contains("/") && !kernel.contains("@");
  }

  private KernelPullResult pullNamed(Workspace workspace, RegistrySettings settings) {
    String registry = settings.requireDefaultRegistry();
    return new KernelPuller(
            settings.clientFor(registry, workspace.progress),
            workspace.kernels.store(),
            workspace.progress)
        .pullNamed(kernel, null);
  }

  private KernelPullResult pull(Workspace workspace, RegistrySettings settings) {
    ImageReference source = settings.parse(kernel);
    return new KernelPuller(
            settings.clientFor(source.registry(), workspace.progress),
            workspace.kernels.store(),
            workspace.progress)
        .pull(source);
  }
}

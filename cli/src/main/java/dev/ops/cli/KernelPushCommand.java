package dev.ops.cli;

import dev.ops.core.kernel.Kernel;
import dev.ops.core.registry.ImageReference;
import dev.ops.core.registry.KernelArtifact;
import dev.ops.core.registry.KernelPusher;
import dev.ops.core.registry.PushResult;
import dev.ops.core.registry.RegistrySettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ops kernel push}: a local kernel to a registry, as an OCI artifact. */
@Command(
    name = "push",
    mixinStandardHelpOptions = true,
    description =
        "Push a kernel to a registry, by default to kernels/<flavour>:<name> in the configured"
            + " registry, where pulls of images built with it look for it.")
final class KernelPushCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "KERNEL",
      description = "Kernel name or flavour (ops kernel list); default: the default flavour.")
  String kernel;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "TARGET",
      description = "[registry/]repository[:tag]; default: kernels/<flavour>:<name>.")
  String target;

  @Mixin TransferFlags flags = new TransferFlags();

  @Override
  public Integer call() {
    Workspace workspace = Workspace.open(flags.verbose);
    RegistrySettings settings = workspace.registrySettings();
    Kernel local = workspace.kernels.resolve(kernel);
    ImageReference reference =
        target != null
            ? settings.parse(target)
            : KernelArtifact.reference(settings.requireDefaultRegistry(), local);
    PushResult result =
        new KernelPusher(
                settings.clientFor(reference.registry(), workspace.progress), workspace.progress)
            .push(local, reference);
    RegistryOutput.printKernelPush(result, flags.json);
    return 0;
  }
}

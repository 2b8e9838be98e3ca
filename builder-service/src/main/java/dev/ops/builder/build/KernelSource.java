package dev.ops.builder.build;

import dev.ops.core.kernel.Kernel;
import dev.ops.core.kernel.KernelCatalogue;
import dev.ops.core.registry.KernelPuller;
import dev.ops.core.registry.RegistrySettings;
import java.util.Optional;

/**
 * The kernel a request names, on this builder's disk. A registry reference ({@code
 * kernels/minimal:ops-minimal-6.1}) is pulled from the registry. A bare word is a kernel name or a
 * flavour ({@code stock}, {@code minimal}): a kernel this builder already has, else one of that
 * name in the registry; a flavour is the newest this builder has of it, else what the local
 * catalogue makes of it (for {@code stock}, Debian's cloud kernel, fetched with apt). One kernel is
 * resolved at a time, so two builds never fetch the same kernel at once.
 */
final class KernelSource {

  private final KernelCatalogue catalogue;
  private final KernelPuller puller;
  private final RegistrySettings registry;
  private final String defaultKernel;

  KernelSource(
      KernelCatalogue catalogue,
      KernelPuller puller,
      RegistrySettings registry,
      String defaultKernel) {
    this.catalogue = catalogue;
    this.puller = puller;
    this.registry = registry;
    this.defaultKernel = defaultKernel;
  }

  synchronized Kernel resolve(Optional<String> requested) {
    String wanted = requested.orElse(defaultKernel);
    if (isReference(wanted)) {
      return puller.pull(registry.parse(wanted)).kernel();
    }
    Optional<Kernel> local = catalogue.store().find(wanted);
    if (local.isPresent()) {
      return local.get();
    }
    if (isFlavour(wanted)) {
      return catalogue.resolve(wanted);
    }
    return puller.pullNamed(wanted, null).kernel();
  }

  private static boolean isReference(String kernel) {
    return kernel.contains("/") || kernel.contains(":") || kernel.contains("@");
  }

  private static boolean isFlavour(String kernel) {
    return kernel.equals(Kernel.STOCK) || kernel.equals(Kernel.MINIMAL);
  }
}

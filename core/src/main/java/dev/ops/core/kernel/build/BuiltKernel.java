package dev.ops.core.kernel.build;

import java.nio.file.Path;

/**
 * A minimal kernel that {@link MinimalKernelBuilder} built or found already built.
 *
 * @param vmlinux the uncompressed kernel with its PVH entry note; what QEMU boots with -kernel
 * @param config the final {@code .config} it was built from, to look options up in
 * @param sourcePackageVersion the Debian version of linux-source-6.1, such as {@code 6.1.192-3}
 * @param kernelRelease what {@code uname -r} says in the guest, such as {@code 6.1.192}
 * @param cacheKey the {@link KernelBuildKey} its directory is named after
 * @param reused whether an earlier build was found and nothing was compiled
 */
public record BuiltKernel(
    Path vmlinux,
    Path config,
    String sourcePackageVersion,
    String kernelRelease,
    String cacheKey,
    boolean reused) {

  public Path directory() {
    return vmlinux.getParent();
  }
}

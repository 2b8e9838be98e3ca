package dev.ops.builder.build;

import java.util.Optional;

/** Brings the kernel the request names (or the builder's default) onto this builder's disk. */
final class PullKernelStep implements BuildStep {

  private final KernelSource kernels;

  PullKernelStep(KernelSource kernels) {
    this.kernels = kernels;
  }

  @Override
  public String name() {
    return "pull-kernel";
  }

  @Override
  public String run(BuildContext build) {
    build.kernel = kernels.resolve(Optional.ofNullable(build.request.kernel()));
    return "kernel " + build.kernel.name() + " (" + build.kernel.digest() + ")";
  }
}

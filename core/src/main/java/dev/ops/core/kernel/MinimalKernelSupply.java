package dev.ops.core.kernel;

/**
 * Where the minimal flavour comes from: the build key of the kernel that ops' configuration and the
 * current kernel source make, and that kernel, built (or found built) and catalogued.
 */
interface MinimalKernelSupply {

  /** The key of the kernel the current configuration and source make; it names that kernel. */
  String currentBuildKey();

  /** Builds the kernel of {@link #currentBuildKey()}, or finds it built, and catalogues it. */
  Kernel build();
}

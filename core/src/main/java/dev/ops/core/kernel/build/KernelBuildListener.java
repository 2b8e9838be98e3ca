package dev.ops.core.kernel.build;

/**
 * Hears how a kernel build is going. A build takes minutes, so front ends show a stage line and a
 * progress figure; calls come from the thread that runs the build.
 */
public interface KernelBuildListener {

  /** A new step has started, such as "unpacking linux-source-6.1.tar.xz". */
  void stage(String description);

  /** One more object was compiled. Called about two thousand times per build; throttle to show. */
  default void compiling(CompileProgress progress) {}

  KernelBuildListener SILENT = description -> {};
}

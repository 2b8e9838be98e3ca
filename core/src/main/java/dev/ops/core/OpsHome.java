package dev.ops.core;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where ops keeps its state on this machine: kernels, content-addressed blobs, images and local
 * instances. Kernels have their own root so that test runs with a private home can still share one
 * kernel cache (fetching or compiling a kernel is the slowest step there is).
 */
public record OpsHome(Path root, Path kernels) {

  public static final String HOME_VARIABLE = "OPS_HOME";
  public static final String KERNEL_CACHE_VARIABLE = "OPS_KERNEL_CACHE";

  /** The home from the environment, or {@code ~/.ops}. */
  public static OpsHome fromEnvironment() {
    return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  static OpsHome fromEnvironment(Map<String, String> environment, Path userHome) {
    Path root =
        environment.containsKey(HOME_VARIABLE)
            ? Path.of(environment.get(HOME_VARIABLE))
            : userHome.resolve(".ops");
    Path kernels =
        environment.containsKey(KERNEL_CACHE_VARIABLE)
            ? Path.of(environment.get(KERNEL_CACHE_VARIABLE))
            : root.resolve("kernels");
    return new OpsHome(root.toAbsolutePath(), kernels.toAbsolutePath());
  }

  public static OpsHome at(Path root) {
    return new OpsHome(root.toAbsolutePath(), root.resolve("kernels").toAbsolutePath());
  }

  public Path blobs() {
    return root.resolve("blobs");
  }

  public Path images() {
    return root.resolve("images");
  }

  public Path packages() {
    return root.resolve("packages");
  }

  public Path instances() {
    return root.resolve("instances");
  }

  public Path downloads() {
    return root.resolve("downloads");
  }
}

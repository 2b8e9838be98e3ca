package dev.ops.core.kernel.build;

import dev.ops.core.OpsException;
import dev.ops.core.util.CommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's kernel source tarball and the version of the package it came from. The version is part
 * of the build's cache key: a new Debian revision may carry new patches under the same upstream
 * kernel version.
 *
 * @param tarball {@code linux-source-6.1.tar.xz}, as {@code apt-get install linux-source-6.1} puts
 *     it in {@code /usr/src}, or as found in the unpacked {@code .deb}
 * @param packageVersion the Debian package version, such as {@code 6.1.192-3}
 */
public record KernelSource(Path tarball, String packageVersion) {

  public static final String PACKAGE = "linux-source-6.1";
  public static final Path INSTALLED_TARBALL = Path.of("/usr/src/" + PACKAGE + ".tar.xz");

  public KernelSource {
    if (packageVersion.isBlank()) {
      throw new IllegalArgumentException("the source package version is empty");
    }
  }

  /** The source that {@code apt-get install linux-source-6.1} installed on this machine. */
  public static KernelSource installed() {
    if (!Files.isRegularFile(INSTALLED_TARBALL)) {
      throw notInstalled(INSTALLED_TARBALL + " does not exist");
    }
    CommandRunner.Result query =
        CommandRunner.run(
            List.of("dpkg-query", "--showformat=${Version}", "--show", PACKAGE),
            null,
            Duration.ofSeconds(30));
    if (!query.succeeded() || query.stdout().isBlank()) {
      throw notInstalled("dpkg does not know the version of " + PACKAGE);
    }
    return new KernelSource(INSTALLED_TARBALL, query.stdout().strip());
  }

  private static OpsException notInstalled(String problem) {
    return new OpsException(
        "cannot build the minimal kernel: " + problem,
        "install the kernel source with: apt-get install " + PACKAGE);
  }

  /** Fails when the tarball is not there, before any time is spent on the build. */
  public void requireReadable() {
    if (!Files.isReadable(tarball) || !Files.isRegularFile(tarball)) {
      throw new OpsException(
          "cannot build the minimal kernel: the source tarball "
              + tarball
              + " is not a readable"
              + " file",
          "install it with: apt-get install "
              + PACKAGE
              + " (it lands in "
              + INSTALLED_TARBALL
              + ")");
    }
  }
}

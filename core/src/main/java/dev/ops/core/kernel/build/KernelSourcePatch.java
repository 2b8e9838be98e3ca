package dev.ops.core.kernel.build;

import dev.ops.core.OpsException;
import dev.ops.core.util.CommandRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Source changes ops applies to Debian's kernel tree before configuring it: one unified diff
 * ({@code kernel-config/minimal.patch}), applied with {@code patch -p1}. Kept with its exact bytes,
 * which are part of the build's cache key, like the fragment's.
 */
public final class KernelSourcePatch {

  /** Where core's jar carries {@code kernel-config/minimal.patch}. */
  public static final String BUNDLED_RESOURCE = "dev/ops/core/kernel/minimal.patch";

  /** The name of the patch file inside the scratch tree while it is applied. */
  private static final String APPLIED_FILE = ".ops-source.patch";

  private static final Duration PATCH_TIMEOUT = Duration.ofMinutes(2);

  private final String origin;
  private final byte[] bytes;

  private KernelSourcePatch(String origin, byte[] bytes) {
    this.origin = origin;
    this.bytes = bytes.clone();
  }

  public static KernelSourcePatch of(String origin, byte[] bytes) {
    return new KernelSourcePatch(origin, bytes);
  }

  /** The patch ops ships, from core's classpath. */
  public static KernelSourcePatch bundled() {
    ClassLoader loader = KernelSourcePatch.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(BUNDLED_RESOURCE)) {
      if (in == null) {
        throw new OpsException(
            "the kernel source patch " + BUNDLED_RESOURCE + " is not on the classpath",
            "this build of ops lacks kernel-config/minimal.patch; rebuild it with 'mvn package'"
                + " from the repository root");
      }
      return new KernelSourcePatch("classpath:" + BUNDLED_RESOURCE, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the resource " + BUNDLED_RESOURCE, e);
    }
  }

  public String origin() {
    return origin;
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  /**
   * Applies the patch to an unpacked kernel tree. Fails naming the patch and quoting patch's output
   * when a hunk does not apply, which means the source package has moved on.
   */
  void applyTo(Path tree) {
    Path file = tree.resolve(APPLIED_FILE);
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
    CommandRunner.Result result =
        CommandRunner.run(
            List.of(
                "patch",
                "-p1",
                "--batch",
                "--forward",
                "--no-backup-if-mismatch",
                "-i",
                file.toString()),
            tree,
            PATCH_TIMEOUT);
    if (!result.succeeded()) {
      throw new OpsException(
          "the kernel source patch "
              + origin
              + " does not apply to "
              + tree
              + ": "
              + (result.stdout() + result.stderr()).strip(),
          "the kernel source package has changed; update kernel-config/minimal.patch to it");
    }
  }
}

package dev.ops.core.kernel.build;

import dev.ops.core.util.Digests;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Names a kernel build by what decides its output: the fragment's bytes, the source patch's bytes,
 * the source package version and the build recipe. A build whose output exists under its key is not
 * redone.
 */
public final class KernelBuildKey {

  /**
   * Bumped when the steps of {@link MinimalKernelBuilder} change what they produce (another make
   * target, another base config), so that old cached kernels are not taken for new ones.
   */
  static final String RECIPE = "patch+tinyconfig+fragment+olddefconfig/vmlinux/v2";

  private KernelBuildKey() {}

  /** The key as 64 lower-case hex digits, usable as a directory name. */
  public static String of(
      KernelConfigFragment fragment, KernelSourcePatch patch, String sourcePackageVersion) {
    return of(fragment.bytes(), patch.bytes(), sourcePackageVersion, RECIPE);
  }

  static String of(byte[] fragment, byte[] patch, String sourcePackageVersion, String recipe) {
    MessageDigest digest = Digests.newSha256();
    // Each part is prefixed with its length so that no two different lists of parts hash alike.
    update(digest, fragment);
    update(digest, patch);
    update(digest, sourcePackageVersion.getBytes(StandardCharsets.UTF_8));
    update(digest, recipe.getBytes(StandardCharsets.UTF_8));
    return Digests.hex(Digests.format(digest.digest()));
  }

  private static void update(MessageDigest digest, byte[] part) {
    digest.update((part.length + ":").getBytes(StandardCharsets.US_ASCII));
    digest.update(part);
  }
}

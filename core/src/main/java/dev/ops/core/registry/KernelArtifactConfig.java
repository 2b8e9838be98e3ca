package dev.ops.core.registry;

import dev.ops.core.kernel.Kernel;
import java.util.List;

/**
 * The config blob of a kernel artifact: everything a machine needs to boot the kernel, besides its
 * files, which are the artifact's layers. Holds no time stamps, so pushing the same kernel twice
 * gives the same digest.
 *
 * @param digest sha256 of the vmlinux, the digest images record
 * @param modules modules in load order, each with the path the guest init loads it from
 */
public record KernelArtifactConfig(
    String name,
    String flavour,
    String version,
    String digest,
    List<Module> modules,
    boolean microvmNeedsAcpi,
    int baseMemoryMib,
    List<String> bootOptions) {

  /** One module: its name (the layer's annotation) and where the image puts it. */
  public record Module(String name, String guestPath) {}

  public static KernelArtifactConfig of(Kernel kernel) {
    return new KernelArtifactConfig(
        kernel.name(),
        kernel.flavour(),
        kernel.version(),
        kernel.digest(),
        kernel.modules().stream().map(m -> new Module(m.name(), m.guestPath())).toList(),
        kernel.microvmNeedsAcpi(),
        kernel.baseMemoryMib(),
        kernel.bootOptions());
  }
}

package dev.ops.core.kernel;

import java.nio.file.Path;
import java.util.List;

/**
 * A guest kernel ready to boot: the uncompressed vmlinux (booted through PVH) and, for a stock
 * distribution kernel, the virtio modules the init must load, already in dependency order.
 *
 * @param name unique name in the catalogue, such as {@code debian-cloud-6.1.0-57}
 * @param flavour {@link #STOCK} or {@link #MINIMAL}
 * @param version the kernel release ({@code uname -r})
 * @param vmlinux the kernel file QEMU boots
 * @param digest sha256 of the vmlinux, recorded by images that use this kernel
 * @param modules modules to load at boot, in order; empty when everything is built in
 * @param microvmNeedsAcpi whether the kernel finds microvm's virtio-mmio devices only via ACPI
 * @param baseMemoryMib guest memory the kernel itself needs before any initramfs
 * @param bootOptions kernel command-line words this kernel wants on every boot
 */
public record Kernel(
    String name,
    String flavour,
    String version,
    Path vmlinux,
    String digest,
    List<KernelModule> modules,
    boolean microvmNeedsAcpi,
    int baseMemoryMib,
    List<String> bootOptions) {

  public static final String STOCK = "stock";
  public static final String MINIMAL = "minimal";

  public Kernel {
    modules = List.copyOf(modules);
    bootOptions = List.copyOf(bootOptions);
  }

  /** The same kernel with its files somewhere else. */
  public Kernel withFiles(Path newVmlinux, List<KernelModule> newModules) {
    return new Kernel(
        name,
        flavour,
        version,
        newVmlinux,
        digest,
        newModules,
        microvmNeedsAcpi,
        baseMemoryMib,
        bootOptions);
  }

  /** The directory that holds this kernel's files. */
  public Path directory() {
    return vmlinux.getParent();
  }
}

package dev.ops.core.kernel;

import java.nio.file.Path;
import java.util.List;

/** The {@code kernel.json} form of a {@link Kernel}: file names relative to its directory. */
record KernelDescription(
    String name,
    String flavour,
    String version,
    String vmlinux,
    String digest,
    List<ModuleEntry> modules,
    boolean microvmNeedsAcpi,
    int baseMemoryMib,
    List<String> bootOptions) {

  record ModuleEntry(String name, String file, String guestPath) {}

  static KernelDescription of(Kernel kernel) {
    Path directory = kernel.directory();
    return new KernelDescription(
        kernel.name(),
        kernel.flavour(),
        kernel.version(),
        directory.relativize(kernel.vmlinux()).toString(),
        kernel.digest(),
        kernel.modules().stream()
            .map(
                m ->
                    new ModuleEntry(
                        m.name(), directory.relativize(m.file()).toString(), m.guestPath()))
            .toList(),
        kernel.microvmNeedsAcpi(),
        kernel.baseMemoryMib(),
        kernel.bootOptions());
  }

  Kernel toKernel(Path directory) {
    return new Kernel(
        name,
        flavour,
        version,
        directory.resolve(vmlinux),
        digest,
        modules.stream()
            .map(m -> new KernelModule(m.name(), directory.resolve(m.file()), m.guestPath()))
            .toList(),
        microvmNeedsAcpi,
        baseMemoryMib,
        bootOptions);
  }
}

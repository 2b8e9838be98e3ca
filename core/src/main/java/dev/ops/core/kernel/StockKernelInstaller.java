package dev.ops.core.kernel;

import dev.ops.core.OpsException;
import dev.ops.core.Progress;
import dev.ops.core.debian.DebArchive;
import dev.ops.core.debian.DebianPackages;
import dev.ops.core.elf.KernelModuleInfo;
import dev.ops.core.util.Digests;
import dev.ops.core.util.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Installs Debian's cloud kernel into the kernel cache: fetched with {@code apt-get download},
 * unpacked in Java (never installed into the host's /boot), its bzImage turned into a vmlinux, and
 * the virtio modules it needs put in load order.
 */
public final class StockKernelInstaller {

  public static final String META_PACKAGE = "linux-image-cloud-amd64";

  /** What one program in a VM needs from a kernel that has virtio as modules. */
  static final List<String> WANTED_MODULES =
      List.of("virtio_mmio", "virtio_pci", "virtio_net", "virtio_blk", "virtio_rng");

  /** The stock kernel reserves about 45 MB for itself; measured smallest hello was 80 MB. */
  static final int BASE_MEMORY_MIB = 72;

  private final KernelStore store;
  private final Path downloads;
  private final Progress progress;

  public StockKernelInstaller(KernelStore store, Path downloads, Progress progress) {
    this.store = store;
    this.downloads = downloads;
    this.progress = progress;
  }

  public Kernel install() {
    Instant start = Instant.now();
    String packageName =
        DebianPackages.firstDependency(META_PACKAGE, "linux-image-")
            .orElseThrow(
                () ->
                    new OpsException(
                        "could not find which kernel package " + META_PACKAGE + " stands for",
                        "run 'apt-get update' once (as root) so apt knows Debian's packages"));
    progress.milestone("fetching the guest kernel " + packageName + " with apt-get download");
    Path deb = DebianPackages.download(packageName, downloads);
    Kernel kernel = unpack(deb);
    progress.milestone(
        "kernel "
            + kernel.name()
            + " ready in "
            + seconds(start)
            + " s, kept in "
            + kernel.directory());
    return kernel;
  }

  /** Turns a downloaded kernel package into a catalogued kernel. */
  public Kernel unpack(Path deb) {
    Path scratch = store.scratchDirectory();
    try {
      DebArchive.extractData(deb, scratch.resolve("package"));
      return store.commit(scratch, kernelFrom(scratch));
    } finally {
      FileTrees.deleteQuietly(scratch);
    }
  }

  private Kernel kernelFrom(Path scratch) {
    Path unpacked = scratch.resolve("package");
    Path bzImage = onlyFile(unpacked.resolve("boot"), "vmlinuz-");
    String version = bzImage.getFileName().toString().substring("vmlinuz-".length());
    Path vmlinux = scratch.resolve("vmlinux");
    BzImage.extractVmlinux(bzImage, vmlinux);
    List<KernelModule> modules =
        copyModules(unpacked.resolve("lib/modules").resolve(version), scratch.resolve("modules"));
    return new Kernel(
        "debian-cloud-" + version.replace("-cloud-amd64", ""),
        Kernel.STOCK,
        version,
        vmlinux,
        Digests.of(vmlinux),
        modules,
        true,
        BASE_MEMORY_MIB,
        List.of());
  }

  private static List<KernelModule> copyModules(Path moduleTree, Path target) {
    Map<String, Path> files = modulesByName(moduleTree);
    List<KernelModule> modules = new ArrayList<>();
    try {
      Files.createDirectories(target);
      for (String name : ModuleOrder.of(WANTED_MODULES, name -> dependenciesOf(name, files))) {
        Path copy = target.resolve(name + ".ko");
        Files.copy(files.get(name), copy);
        modules.add(new KernelModule(name, copy, "/.ops/modules/" + name + ".ko"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return modules;
  }

  private static List<String> dependenciesOf(String name, Map<String, Path> files) {
    Path file = files.get(name);
    if (file == null) {
      return null;
    }
    try {
      return KernelModuleInfo.read(file).dependencies();
    } catch (IOException e) {
      throw new OpsException(
          "could not read kernel module " + file + ": " + e.getMessage(),
          "the kernel package may be damaged: run 'ops kernel rm' and fetch it again");
    }
  }

  /** Module names use underscores where file names may use dashes (virtio-rng.ko). */
  private static Map<String, Path> modulesByName(Path moduleTree) {
    Map<String, Path> byName = new LinkedHashMap<>();
    try (Stream<Path> files = Files.walk(moduleTree)) {
      files
          .filter(file -> file.getFileName().toString().endsWith(".ko"))
          .sorted()
          .forEach(file -> byName.put(moduleName(file), file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return byName;
  }

  private static String moduleName(Path file) {
    String fileName = file.getFileName().toString();
    return fileName.substring(0, fileName.length() - ".ko".length()).replace('-', '_');
  }

  private static Path onlyFile(Path directory, String prefix) {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(file -> file.getFileName().toString().startsWith(prefix))
          .findFirst()
          .orElseThrow(
              () -> new OpsException("the kernel package has no " + prefix + "* in /boot"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String seconds(Instant start) {
    return String.format("%.1f", Duration.between(start, Instant.now()).toMillis() / 1000.0);
  }
}

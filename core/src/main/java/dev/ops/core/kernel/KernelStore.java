package dev.ops.core.kernel;

import dev.ops.core.OpsException;
import dev.ops.core.util.FileTrees;
import dev.ops.core.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The kernel cache on disk: one directory per kernel with its vmlinux, its modules and a {@code
 * kernel.json} description. A kernel appears whole or not at all: it is assembled in a scratch
 * directory and renamed into place.
 */
public final class KernelStore {

  private static final String DESCRIPTION = "kernel.json";

  private final Path root;

  public KernelStore(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  public List<Kernel> list() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> directories = Files.list(root)) {
      return directories
          .filter(directory -> Files.isRegularFile(directory.resolve(DESCRIPTION)))
          .sorted()
          .map(KernelStore::load)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Optional<Kernel> find(String name) {
    return list().stream().filter(kernel -> kernel.name().equals(name)).findFirst();
  }

  public Optional<Kernel> findByDigest(String digest) {
    return list().stream().filter(kernel -> kernel.digest().equals(digest)).findFirst();
  }

  public Path scratchDirectory() {
    try {
      Files.createDirectories(root);
      return Files.createTempDirectory(root, ".scratch-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Moves a kernel assembled under {@code scratch} into the store. Its files must lie inside the
   * scratch directory; the returned kernel points at their final places.
   */
  public Kernel commit(Path scratch, Kernel assembled) {
    Path target = directoryOf(assembled.name());
    Path staging = scratch.resolve("kernel");
    try {
      Files.createDirectories(staging);
      Kernel placed = relocate(assembled, scratch, staging);
      Files.write(staging.resolve(DESCRIPTION), Json.write(KernelDescription.of(placed)));
      FileTrees.delete(target);
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      return load(target);
    } catch (IOException e) {
      throw new OpsException("could not store kernel " + assembled.name() + ": " + e.getMessage());
    }
  }

  public void remove(String name) {
    Path directory = directoryOf(name);
    if (!Files.isDirectory(directory)) {
      throw new OpsException("no kernel named " + name, "see 'ops kernel list'");
    }
    FileTrees.delete(directory);
  }

  /** A kernel's directory, refusing names that would lead out of the store. */
  private Path directoryOf(String name) {
    Path directory = root.resolve(name).normalize();
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*") || !root.equals(directory.getParent())) {
      throw new OpsException("'" + name + "' is not a valid kernel name", "see 'ops kernel list'");
    }
    return directory;
  }

  private static Kernel relocate(Kernel kernel, Path scratch, Path staging) throws IOException {
    Path vmlinux = moveInto(kernel.vmlinux(), scratch, staging);
    List<KernelModule> modules = new java.util.ArrayList<>();
    for (KernelModule module : kernel.modules()) {
      Path file = moveInto(module.file(), scratch, staging);
      modules.add(new KernelModule(module.name(), file, module.guestPath()));
    }
    return kernel.withFiles(vmlinux, modules);
  }

  private static Path moveInto(Path file, Path scratch, Path staging) throws IOException {
    Path target = staging.resolve(scratch.relativize(file).toString());
    Files.createDirectories(target.getParent());
    Files.move(file, target);
    return target;
  }

  private static Kernel load(Path directory) {
    return Json.read(directory.resolve(DESCRIPTION), KernelDescription.class).toKernel(directory);
  }
}

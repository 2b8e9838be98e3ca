package dev.ops.core.kernel.build;

import dev.ops.core.OpsException;
import dev.ops.core.util.CommandRunner;
import dev.ops.core.util.FileTrees;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Builds ops' minimal guest kernel from Debian's kernel source: the source patch applied, {@code
 * make tinyconfig}, the fragment merged on top, {@code make olddefconfig}, a check that every
 * option of the fragment survived, then {@code make vmlinux}. The result is cached in the work
 * directory under its {@link KernelBuildKey}; asking again for the same fragment and source returns
 * it at once.
 *
 * <p>Layout of the work directory: {@code <key>/} holds {@code vmlinux}, {@code config}, {@code
 * build.log} and {@code build.properties} once a build has succeeded; {@code <key>.build/} is the
 * scratch tree of a build under way (left behind after a failure, to look into, and replaced by the
 * next attempt); {@code <key>.lock} keeps two processes from building at once.
 */
public final class MinimalKernelBuilder {

  /** The unpacked tree plus objects: about 1.6 GB; the margin covers a slow disk filling up. */
  static final long REQUIRED_FREE_BYTES = 3L << 30;

  private static final Duration UNPACK_TIMEOUT = Duration.ofMinutes(20);
  private static final Duration CONFIG_TIMEOUT = Duration.ofMinutes(10);

  /** About 5 minutes on 2 idle cores; generous for a loaded machine. */
  private static final Duration COMPILE_TIMEOUT = Duration.ofHours(2);

  private static final String PROPERTIES = "build.properties";
  private static final String OBJECT_COUNT_FILE = "compiled-objects";

  private static final Map<Path, Object> IN_PROCESS_LOCKS = new ConcurrentHashMap<>();

  private final Path workDirectory;
  private final KernelBuildListener listener;
  private final int jobs;

  public MinimalKernelBuilder(Path workDirectory, KernelBuildListener listener) {
    this(workDirectory, listener, Runtime.getRuntime().availableProcessors());
  }

  /**
   * @param workDirectory where sources are unpacked and built kernels kept; needs about 3 GB free
   *     during a build and 10 MB per kept kernel
   * @param jobs parallel compiler jobs ({@code make -j})
   */
  public MinimalKernelBuilder(Path workDirectory, KernelBuildListener listener, int jobs) {
    if (jobs < 1) {
      throw new IllegalArgumentException("jobs must be at least 1, got " + jobs);
    }
    this.workDirectory = workDirectory.toAbsolutePath().normalize();
    this.listener = listener;
    this.jobs = jobs;
  }

  /** The kernel an earlier build made from this source, fragment and patch, if there is one. */
  public Optional<BuiltKernel> findBuilt(
      KernelSource source, KernelConfigFragment fragment, KernelSourcePatch patch) {
    return findBuilt(KernelBuildKey.of(fragment, patch, source.packageVersion()));
  }

  /**
   * The kernel for this source and fragment: the cached one when it exists, otherwise built now
   * (minutes). Fails with what to do when a build tool is missing, an option of the fragment does
   * not survive configuration, or make fails.
   */
  public BuiltKernel build(
      KernelSource source, KernelConfigFragment fragment, KernelSourcePatch patch) {
    String key = KernelBuildKey.of(fragment, patch, source.packageVersion());
    Optional<BuiltKernel> cached = findBuilt(key);
    if (cached.isPresent()) {
      return cached.get();
    }
    createWorkDirectory();
    Path lockFile = workDirectory.resolve(key + ".lock");
    // A file lock keeps other processes out; it cannot be taken twice in one JVM, so threads of
    // this one queue on a monitor first.
    synchronized (IN_PROCESS_LOCKS.computeIfAbsent(lockFile, path -> new Object())) {
      try (FileChannel channel = openLock(lockFile);
          FileLock lock = channel.lock()) {
        // Another build of the same kernel may have finished while this one waited.
        return findBuilt(key).orElseGet(() -> buildLocked(source, fragment, patch, key));
      } catch (IOException e) {
        throw new UncheckedIOException("could not lock " + lockFile, e);
      }
    }
  }

  private BuiltKernel buildLocked(
      KernelSource source, KernelConfigFragment fragment, KernelSourcePatch patch, String key) {
    BuildTools.requireInstalled();
    source.requireReadable();
    requireFreeSpace();
    Path scratch = workDirectory.resolve(key + ".build");
    FileTrees.delete(scratch);
    createDirectories(scratch);
    Kbuild kbuild = new Kbuild(unpack(source, scratch), scratch.resolve("build.log"));
    listener.stage("patching the source: " + patch.origin());
    patch.applyTo(kbuild.tree());
    String release = configure(kbuild, fragment);
    int objects = compile(kbuild);
    BuiltKernel built = keep(kbuild, key, source, release);
    writeString(workDirectory.resolve(OBJECT_COUNT_FILE), objects + "\n");
    FileTrees.delete(scratch);
    listener.stage("built " + built.vmlinux());
    return built;
  }

  private Path unpack(KernelSource source, Path scratch) {
    listener.stage("unpacking " + source.tarball() + " (" + source.packageVersion() + ")");
    CommandRunner.runChecked(
        List.of(
            "tar",
            "--extract",
            "--no-same-owner",
            "--file",
            source.tarball().toString(),
            "--directory",
            scratch.toString()),
        scratch,
        UNPACK_TIMEOUT);
    return findTree(scratch, source);
  }

  /** Debian's tarball holds one directory, {@code linux-source-6.1}, with the kernel's Makefile. */
  private static Path findTree(Path scratch, KernelSource source) {
    try (Stream<Path> children = Files.list(scratch)) {
      List<Path> trees =
          children.filter(child -> Files.isRegularFile(child.resolve("Makefile"))).toList();
      if (trees.size() != 1) {
        throw new OpsException(
            source.tarball()
                + " does not unpack to one kernel source directory (found "
                + trees.size()
                + ")",
            "use the tarball of Debian's " + KernelSource.PACKAGE + " package");
      }
      return trees.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + scratch, e);
    }
  }

  /** tinyconfig, the fragment on top, olddefconfig, and the check; returns the kernel release. */
  private String configure(Kbuild kbuild, KernelConfigFragment fragment) {
    listener.stage("configuring: tinyconfig + " + fragment.origin());
    kbuild.make(List.of("tinyconfig"), CONFIG_TIMEOUT);
    Path dotConfig = kbuild.tree().resolve(".config");
    writeString(dotConfig, fragment.mergeInto(readString(dotConfig)));
    kbuild.make(List.of("olddefconfig"), CONFIG_TIMEOUT);
    DotConfig result = DotConfig.parse(readString(dotConfig));
    fragment.requireSatisfiedBy(result);
    listener.stage(
        "configured: "
            + result.enabledCount()
            + " options on, all "
            + fragment.options().size()
            + " options of the fragment as asked");
    List<String> release = kbuild.make(List.of("-s", "kernelrelease"), CONFIG_TIMEOUT);
    if (release.isEmpty() || release.get(release.size() - 1).isBlank()) {
      throw new OpsException(
          "make kernelrelease printed nothing in " + kbuild.tree(),
          "the source tree is not a kernel tree; use Debian's " + KernelSource.PACKAGE);
    }
    return release.get(release.size() - 1).strip();
  }

  private int compile(Kbuild kbuild) {
    CompileProgressCounter counter = new CompileProgressCounter(expectedObjects());
    long start = System.nanoTime();
    listener.stage("compiling vmlinux with " + jobs + " jobs");
    kbuild.make(
        List.of("-j" + jobs, "vmlinux"),
        COMPILE_TIMEOUT,
        line -> {
          if (counter.accept(line)) {
            listener.compiling(counter.progress(Duration.ofNanos(System.nanoTime() - start)));
          }
        });
    return counter.compiled();
  }

  /** Copies the results into {@code <key>/} through a rename, so a half-kept build never counts. */
  private BuiltKernel keep(Kbuild kbuild, String key, KernelSource source, String release) {
    Path tree = kbuild.tree();
    Path target = workDirectory.resolve(key);
    Path staging = workDirectory.resolve(key + ".keep");
    FileTrees.delete(staging);
    FileTrees.delete(target);
    createDirectories(staging);
    copy(tree.resolve("vmlinux"), staging.resolve("vmlinux"));
    copy(tree.resolve(".config"), staging.resolve("config"));
    copy(kbuild.log(), staging.resolve("build.log"));
    writeString(staging.resolve(PROPERTIES), properties(source, release));
    move(staging, target);
    return read(key, false).orElseThrow();
  }

  private static String properties(KernelSource source, String release) {
    return "source.package="
        + KernelSource.PACKAGE
        + "\n"
        + "source.package.version="
        + source.packageVersion()
        + "\n"
        + "kernel.release="
        + release
        + "\n";
  }

  /** The kernel an earlier build kept under this {@link KernelBuildKey}, if there is one. */
  public Optional<BuiltKernel> findBuilt(String key) {
    return read(key, true);
  }

  private Optional<BuiltKernel> read(String key, boolean reused) {
    Path directory = workDirectory.resolve(key);
    Path vmlinux = directory.resolve("vmlinux");
    Path properties = directory.resolve(PROPERTIES);
    if (!Files.isRegularFile(vmlinux) || !Files.isRegularFile(properties)) {
      return Optional.empty();
    }
    Properties values = new Properties();
    try {
      values.load(new StringReader(readString(properties)));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + properties, e);
    }
    return Optional.of(
        new BuiltKernel(
            vmlinux,
            directory.resolve("config"),
            values.getProperty("source.package.version"),
            values.getProperty("kernel.release"),
            key,
            reused));
  }

  private int expectedObjects() {
    Path file = workDirectory.resolve(OBJECT_COUNT_FILE);
    try {
      return Files.isRegularFile(file) ? Integer.parseInt(readString(file).strip()) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private void requireFreeSpace() {
    try {
      long free = Files.getFileStore(workDirectory).getUsableSpace();
      if (free < REQUIRED_FREE_BYTES) {
        throw new OpsException(
            "cannot build the minimal kernel in "
                + workDirectory
                + ": "
                + (free >> 20)
                + " MiB free, the build needs about "
                + (REQUIRED_FREE_BYTES >> 20)
                + " MiB",
            "free some space there or build in another work directory");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not tell the free space in " + workDirectory, e);
    }
  }

  private static FileChannel openLock(Path lockFile) throws IOException {
    return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
  }

  private void createWorkDirectory() {
    createDirectories(workDirectory);
  }

  private static void createDirectories(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new OpsException(
          "could not create " + directory + ": " + e.getMessage(),
          "choose a work directory you can write to");
    }
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
  }

  private static void writeString(Path file, String text) {
    FileTrees.writeAtomically(file, text.getBytes(StandardCharsets.UTF_8));
  }

  private static void copy(Path from, Path to) {
    try {
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("could not copy " + from + " to " + to, e);
    }
  }

  private static void move(Path from, Path to) {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("could not move " + from + " to " + to, e);
    }
  }
}

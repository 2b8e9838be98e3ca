package dev.ops.core.kernel;

import dev.ops.core.OpsException;
import dev.ops.core.Progress;
import dev.ops.core.debian.DebArchive;
import dev.ops.core.debian.DebianPackages;
import dev.ops.core.kernel.build.BuiltKernel;
import dev.ops.core.kernel.build.CompileProgress;
import dev.ops.core.kernel.build.KernelBuildKey;
import dev.ops.core.kernel.build.KernelBuildListener;
import dev.ops.core.kernel.build.KernelConfigFragment;
import dev.ops.core.kernel.build.KernelSource;
import dev.ops.core.kernel.build.KernelSourcePatch;
import dev.ops.core.kernel.build.MinimalKernelBuilder;
import dev.ops.core.util.Digests;
import dev.ops.core.util.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Builds ops' own minimal kernel from Debian's {@code linux-source-6.1} (see kernel-config/) and
 * puts it in the kernel cache. The source comes from the installed package when there is one, else
 * from {@code apt-get download}, unpacked in Java, so no root is needed. Compiling takes minutes;
 * the result is cached by configuration (fragment and source patch) and source version and shared
 * by every home that shares the kernel cache.
 */
public final class MinimalKernelInstaller implements MinimalKernelSupply {

  /** Measured: 23 MiB booted 2 runs of 3, 24 MiB always (static hello, microvm and q35). */
  static final int BASE_MEMORY_MIB = 24;

  /** Saves the lock-prefix patching for one CPU (70-80 ms under TCG); harmless with more. */
  static final List<String> BOOT_OPTIONS = List.of("noreplace-smp");

  /** How much of the build key a kernel's name carries: enough to tell builds apart. */
  static final int KEY_CHARACTERS_IN_NAME = 8;

  private static final int PERCENT_STEP = 10;
  private static final String SOURCE_VERSION_MEMO = ".minimal-source-version";

  private final KernelStore store;
  private final Path downloads;
  private final Progress progress;
  private final KernelSourceVersion sourceVersion;

  public MinimalKernelInstaller(KernelStore store, Path downloads, Progress progress) {
    this.store = store;
    this.downloads = downloads;
    this.progress = progress;
    this.sourceVersion =
        new KernelSourceVersion(
            store.root().resolve(SOURCE_VERSION_MEMO), KernelSourceVersion.APT_LISTS);
  }

  /** The catalogue name of the kernel built under this key, such as minimal-6.1.192-9bd33300. */
  static String kernelName(String release, String buildKey) {
    return Kernel.MINIMAL + "-" + release + "-" + buildKey.substring(0, KEY_CHARACTERS_IN_NAME);
  }

  /** Whether this kernel is the one built under this key, here or on the machine it came from. */
  static boolean isBuildOf(Kernel kernel, String buildKey) {
    return kernel.flavour().equals(Kernel.MINIMAL)
        && kernel.name().endsWith("-" + buildKey.substring(0, KEY_CHARACTERS_IN_NAME));
  }

  /** The key of the kernel that ops' fragment and the source apt offers make today. */
  @Override
  public String currentBuildKey() {
    return KernelBuildKey.of(
        KernelConfigFragment.bundled(), KernelSourcePatch.bundled(), sourceVersion.current());
  }

  @Override
  public Kernel build() {
    return install();
  }

  /** Builds (or finds in the build cache) the minimal kernel and catalogues it. */
  public Kernel install() {
    String version = sourceVersion.current();
    KernelConfigFragment fragment = KernelConfigFragment.bundled();
    KernelSourcePatch patch = KernelSourcePatch.bundled();
    MinimalKernelBuilder builder =
        new MinimalKernelBuilder(store.root().resolve(".minimal-builds"), listener());
    // A build kept from earlier needs no source: only its catalogue entry is missing.
    Optional<BuiltKernel> kept = builder.findBuilt(KernelBuildKey.of(fragment, patch, version));
    if (kept.isPresent()) {
      return catalogue(kept.get());
    }
    KernelSource source = source(version);
    progress.milestone(
        "building the minimal guest kernel from "
            + KernelSource.PACKAGE
            + " "
            + source.packageVersion()
            + " (about 5 to 15 minutes on 2 cores, once)");
    return catalogue(builder.build(source, fragment, patch));
  }

  private Kernel catalogue(BuiltKernel built) {
    Path scratch = store.scratchDirectory();
    try {
      Path vmlinux = scratch.resolve("vmlinux");
      Files.copy(built.vmlinux(), vmlinux);
      String digest = Digests.of(vmlinux);
      Kernel kernel =
          new Kernel(
              kernelName(built.kernelRelease(), built.cacheKey()),
              Kernel.MINIMAL,
              built.kernelRelease(),
              vmlinux,
              digest,
              List.of(),
              false,
              BASE_MEMORY_MIB,
              BOOT_OPTIONS);
      Kernel stored = store.commit(scratch, kernel);
      progress.milestone("kernel " + stored.name() + " ready, kept in " + stored.directory());
      return stored;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      FileTrees.deleteQuietly(scratch);
    }
  }

  /**
   * The installed source package, or this version downloaded and unpacked into our own directory
   * (asked for by version, so that the build is the one its key names).
   */
  private KernelSource source(String wantedVersion) {
    if (Files.isRegularFile(KernelSource.INSTALLED_TARBALL)) {
      return KernelSource.installed();
    }
    Path unpacked = downloads.resolve(KernelSource.PACKAGE + "-" + wantedVersion);
    Path tarball = unpacked.resolve("usr/src/" + KernelSource.PACKAGE + ".tar.xz");
    if (Files.isRegularFile(tarball)) {
      return new KernelSource(tarball, wantedVersion);
    }
    Path deb = DebianPackages.download(KernelSource.PACKAGE + "=" + wantedVersion, downloads);
    return unpackedSource(deb, versionOf(deb));
  }

  private KernelSource unpackedSource(Path deb, String version) {
    Path unpacked = downloads.resolve(KernelSource.PACKAGE + "-" + version);
    Path tarball = unpacked.resolve("usr/src/" + KernelSource.PACKAGE + ".tar.xz");
    if (!Files.isRegularFile(tarball)) {
      progress.milestone("unpacking " + deb.getFileName());
      FileTrees.deleteQuietly(unpacked);
      DebArchive.extractData(deb, unpacked);
    }
    if (!Files.isRegularFile(tarball)) {
      throw new OpsException(
          deb + " holds no " + tarball.getFileName(),
          "install the source yourself: apt-get install " + KernelSource.PACKAGE);
    }
    return new KernelSource(tarball, version);
  }

  /** apt-get names the file {@code name_version_arch.deb}, with ':' written as %3a. */
  static String versionOf(Path deb) {
    String[] parts = deb.getFileName().toString().split("_");
    if (parts.length < 3) {
      throw new OpsException("cannot read the version from the file name " + deb.getFileName());
    }
    return URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
  }

  private KernelBuildListener listener() {
    return new KernelBuildListener() {
      private int lastReported = -PERCENT_STEP;

      @Override
      public void stage(String description) {
        progress.milestone("kernel build: " + description);
      }

      @Override
      public void compiling(CompileProgress compile) {
        if (compile.percent() >= lastReported + PERCENT_STEP) {
          lastReported = compile.percent() - compile.percent() % PERCENT_STEP;
          progress.milestone("kernel build: " + compile.describe());
        }
      }
    };
  }
}

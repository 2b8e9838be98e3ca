package dev.ops.core.pkg;

import dev.ops.core.OpsException;
import dev.ops.core.Progress;
import dev.ops.core.debian.AptPackageInfo;
import dev.ops.core.debian.DebArchive;
import dev.ops.core.debian.DebianPackages;
import dev.ops.core.elf.ClosureFile;
import dev.ops.core.elf.DependencyClosure;
import dev.ops.core.elf.DependencyResolver;
import dev.ops.core.elf.MissingLibrariesException;
import dev.ops.core.elf.ResolvedPath;
import dev.ops.core.elf.SymbolicLink;
import dev.ops.core.elf.SysrootPathResolver;
import dev.ops.core.pkg.PackageStore.StoredPackage;
import dev.ops.core.util.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Makes a package from Debian's binary packages: the named package and what it depends on, fetched
 * with {@code apt-get download} and unpacked in Java (nothing is installed on the host).
 *
 * <p>What goes in: every file of the named package and of the dependencies that are not part of
 * every Debian system (priority {@code required} or {@code important}: dpkg, perl-base, coreutils
 * and the like, which an interpreter does not run; their time zone data stays), without
 * documentation; then, for every ELF program and shared object in there, the libraries it loads,
 * wherever they came from (libc6 is such a base package). Maintainer scripts are not run, so what
 * they would have made at install time (alternatives links, enabled PHP modules) is not there.
 */
public final class DebianPackageMaker {

  /** Read by people, not programs. */
  private static final List<String> LEFT_OUT =
      List.of(
          "usr/share/doc",
          "usr/share/man",
          "usr/share/info",
          "usr/share/lintian",
          "usr/share/bug",
          "usr/share/locale",
          "usr/share/menu",
          "usr/share/bash-completion",
          "usr/lib/systemd",
          "lib/systemd",
          "etc/init.d",
          "etc/cron.d",
          "etc/logrotate.d");

  /**
   * Base packages whose data programs read at run time: time zones (PHP refuses UTC without them,
   * Python's zoneinfo finds nothing).
   */
  private static final List<String> DATA_KEPT = List.of("tzdata", "media-types", "netbase");

  private static final List<String> PROGRAM_DIRECTORIES =
      List.of("/usr/bin/", "/bin/", "/usr/sbin/", "/sbin/");

  /** Far beyond any real dependency chain; stops a cycle the lists should not have. */
  private static final int MAX_DEPTH = 30;

  /**
   * What to make.
   *
   * @param packageSpec a Debian package, optionally {@code name=version}
   * @param name the package's name; {@code null} takes the Debian package's
   * @param version the package's version; {@code null} takes the upstream version
   * @param program the program as a guest path; {@code null} picks the package's own executable
   */
  public record Request(String packageSpec, String name, String version, String program) {}

  private final PackageStore store;
  private final Path workDirectory;
  private final Progress progress;

  public DebianPackageMaker(PackageStore store, Path workDirectory, Progress progress) {
    this.store = store;
    this.workDirectory = workDirectory;
    this.progress = progress;
  }

  public StoredPackage make(Request request) {
    String debianName = request.packageSpec().split("=", 2)[0];
    Dependencies dependencies = dependencyClosure(request.packageSpec());
    Map<String, String> versions = dependencies.versions();
    List<String> specs = specsOf(versions);
    Map<String, AptPackageInfo> described = DebianPackages.describe(specs);
    AptPackageInfo named = describedOrFail(described, debianName);
    List<String> kept =
        versions.keySet().stream()
            .filter(
                name ->
                    name.equals(debianName)
                        || DATA_KEPT.contains(name)
                        || !isBaseSystem(described, name))
            .toList();
    progress.milestone(
        String.format(
            "making a package from %s %s: %d Debian packages, %d of them kept whole",
            debianName, named.version(), versions.size(), kept.size()));

    Path staging = createStaging();
    try {
      progress.milestone("downloading " + specs.size() + " Debian packages with apt-get download");
      Map<String, Path> debs = DebianPackages.downloadAll(specs, staging.resolve("debs"));
      Path everything = staging.resolve("everything");
      Path sysroot = staging.resolve("sysroot");
      unpack(debs, kept, everything, sysroot);
      removeLeftOut(sysroot);
      String program =
          request.program() != null
              ? request.program()
              : chooseProgram(debianName, dependencies.direct(), debs, kept, sysroot);
      List<String> libraryPath = addLibraries(program, sysroot, everything);

      PackageConfig config = configOf(request, named, program, libraryPath);
      StoredPackage stored = store.store(config, SysrootLayer.of(sysroot));
      progress.milestone(
          String.format(
              "made package %s (%.1f MiB), program %s",
              stored.id(), stored.layer().size() / (1024.0 * 1024.0), program));
      return stored;
    } finally {
      FileTrees.deleteQuietly(staging);
    }
  }

  /**
   * What a Debian package needs.
   *
   * @param versions the package and everything it needs, by name, each at its archive version
   * @param direct what the package itself depends on, in the order apt lists it
   */
  private record Dependencies(Map<String, String> versions, List<String> direct) {}

  /**
   * The named package and everything it needs, each at the version the archives offer, level by
   * level (one apt-cache call per level). Dependencies are read for exactly those versions, so a
   * different version installed on this machine changes nothing.
   */
  private static Dependencies dependencyClosure(String packageSpec) {
    String[] parts = packageSpec.split("=", 2);
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put(
        parts[0],
        parts.length > 1
            ? parts[1]
            : DebianPackages.archiveVersions(List.of(parts[0])).get(parts[0]));
    List<String> frontier = List.of(parts[0]);
    List<String> direct = null;
    for (int depth = 0; !frontier.isEmpty(); depth++) {
      if (depth > MAX_DEPTH) {
        throw new OpsException("the dependencies of " + parts[0] + " do not end");
      }
      List<String> next = new ArrayList<>();
      List<String> frontierSpecs =
          frontier.stream().map(name -> name + "=" + versions.get(name)).toList();
      for (List<String> needs : DebianPackages.dependencies(frontierSpecs).values()) {
        needs.stream()
            .filter(name -> !versions.containsKey(name) && !next.contains(name))
            .forEach(next::add);
      }
      if (!next.isEmpty()) {
        versions.putAll(DebianPackages.archiveVersions(next));
      }
      if (direct == null) {
        direct = List.copyOf(next);
      }
      frontier = next;
    }
    return new Dependencies(versions, direct);
  }

  private static List<String> specsOf(Map<String, String> versions) {
    List<String> specs = new ArrayList<>();
    versions.forEach((name, version) -> specs.add(name + "=" + version));
    return specs;
  }

  private static boolean isBaseSystem(Map<String, AptPackageInfo> described, String name) {
    AptPackageInfo info = described.get(name);
    return info != null && info.isBaseSystem();
  }

  private static AptPackageInfo describedOrFail(
      Map<String, AptPackageInfo> described, String debianName) {
    AptPackageInfo info = described.get(debianName);
    if (info == null) {
      throw new OpsException(
          "apt has no package named " + debianName,
          "check the name with 'apt-cache search', or run 'apt-get update' once (as root)");
    }
    return info;
  }

  private Path createStaging() {
    try {
      Files.createDirectories(workDirectory);
      return Files.createTempDirectory(workDirectory, "from-deb-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Everything goes where libraries are looked up; only the kept packages into the sysroot. */
  private void unpack(Map<String, Path> debs, List<String> kept, Path everything, Path sysroot) {
    debs.forEach(
        (name, deb) -> {
          DebArchive.extractData(deb, everything);
          if (kept.contains(name)) {
            DebArchive.extractData(deb, sysroot);
          }
        });
  }

  private static void removeLeftOut(Path sysroot) {
    LEFT_OUT.stream().map(sysroot::resolve).forEach(FileTrees::deleteQuietly);
  }

  /**
   * The executable the package is for: one of the named package's own programs, or, for a package
   * that only depends on the real one ({@code php-cli} on {@code php8.2-cli}), one of its direct
   * dependencies'. A program named like the package wins; otherwise the shortest name.
   */
  private String chooseProgram(
      String debianName,
      List<String> direct,
      Map<String, Path> debs,
      List<String> kept,
      Path sysroot) {
    List<String> owners = new ArrayList<>(List.of(debianName));
    direct.stream().filter(kept::contains).forEach(owners::add);
    for (String owner : owners) {
      List<String> programs = programsOf(debs.get(owner), sysroot);
      if (!programs.isEmpty()) {
        return programs.stream()
            .min(
                Comparator.comparing((String path) -> !baseName(path).equals(debianName))
                    .thenComparing(path -> baseName(path).length())
                    .thenComparing(Comparator.naturalOrder()))
            .orElseThrow();
      }
    }
    throw new OpsException(
        "the Debian package " + debianName + " and its direct dependencies hold no ELF program",
        "name the program with --program, for example --program /usr/bin/" + debianName);
  }

  /** The executables a package puts in a bin directory that lead to an x86-64 ELF file. */
  private static List<String> programsOf(Path deb, Path sysroot) {
    if (deb == null) {
      return List.of();
    }
    SysrootPathResolver paths = new SysrootPathResolver(sysroot);
    List<String> programs = new ArrayList<>();
    for (String path : DebArchive.listData(deb)) {
      boolean inBin =
          PROGRAM_DIRECTORIES.stream()
              .anyMatch(dir -> path.startsWith(dir) && path.indexOf('/', dir.length()) < 0);
      if (inBin && leadsToElf(paths, path)) {
        programs.add(path);
      }
    }
    return programs;
  }

  private static boolean leadsToElf(SysrootPathResolver paths, String guestPath) {
    try {
      Optional<ResolvedPath> resolved = paths.find(guestPath);
      return resolved.isPresent()
          && Files.isRegularFile(resolved.get().hostPath(), LinkOption.NOFOLLOW_LINKS)
          && SysrootLayer.isLoadable(resolved.get().hostPath());
    } catch (IOException e) {
      return false;
    }
  }

  private static String baseName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /**
   * Copies into the sysroot the libraries every ELF file there loads, found among all the unpacked
   * packages as the loader would find them. A shared object whose libraries are missing is only a
   * problem when something loads it, so that is reported and passed over; for the program it is an
   * error.
   *
   * @return directories the guest's loader must be told about ({@code LD_LIBRARY_PATH})
   */
  private List<String> addLibraries(String program, Path sysroot, Path everything) {
    DependencyResolver resolver = DependencyResolver.forSysroot(everything);
    Set<String> libraryPath = new LinkedHashSet<>();
    try {
      List<String> elfFiles = new ArrayList<>(SysrootLayer.elfFiles(sysroot));
      if (!new SysrootPathResolver(sysroot).find(program).isPresent()) {
        throw new OpsException(
            "the program " + program + " is not in the package",
            "name a program the package holds with --program");
      }
      elfFiles.add(0, program);
      for (String file : elfFiles) {
        closureOf(resolver, file, file.equals(program))
            .ifPresent(closure -> copyClosure(closure, sysroot, libraryPath));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(libraryPath);
  }

  private Optional<DependencyClosure> closureOf(
      DependencyResolver resolver, String file, boolean isProgram) throws IOException {
    try {
      return Optional.of(resolver.resolve(file));
    } catch (MissingLibrariesException e) {
      if (isProgram) {
        throw new OpsException(e.getMessage(), "the Debian package lists are incomplete");
      }
      progress.detail("left as it is, " + e.getMessage());
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      // Not a loadable x86-64 object (a firmware blob, an object file): nothing to follow.
      if (isProgram) {
        throw new OpsException(
            "the program " + file + " cannot be loaded: " + e.getMessage(),
            "name another program with --program");
      }
      return Optional.empty();
    }
  }

  private static void copyClosure(DependencyClosure closure, Path sysroot, Set<String> path) {
    try {
      for (ClosureFile file : closure.files()) {
        Path target = sysroot.resolve(file.guestPath().substring(1));
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(target.getParent());
          Files.copy(file.hostPath(), target);
        }
      }
      for (SymbolicLink link : closure.symbolicLinks()) {
        Path target = sysroot.resolve(link.guestPath().substring(1));
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(target.getParent());
          Files.createSymbolicLink(target, Path.of(link.target()));
        }
      }
      path.addAll(closure.runtimeLibraryPath());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static PackageConfig configOf(
      Request request, AptPackageInfo named, String program, List<String> libraryPath) {
    Map<String, String> env = new LinkedHashMap<>();
    if (!libraryPath.isEmpty()) {
      env.put("LD_LIBRARY_PATH", String.join(":", libraryPath));
    }
    String name = request.name() != null ? request.name() : named.name();
    String version = request.version() != null ? request.version() : named.upstreamVersion();
    return new PackageConfig(
        name,
        version,
        named.summary(),
        PackageConfig.languageOf(program),
        PackageConfig.ARCHITECTURE,
        program,
        List.of(),
        env,
        "debian:" + named.name() + "=" + named.version());
  }
}

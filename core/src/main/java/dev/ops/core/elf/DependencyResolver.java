package dev.ops.core.elf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds every file a dynamically linked program needs, the way glibc's dynamic loader would,
 * without running anything.
 *
 * <p>Starting from the program it takes the loader named by {@code PT_INTERP}, then loads each
 * object's {@code DT_NEEDED} libraries breadth-first, each name once, searching the directories
 * {@link SearchPlan} lists: {@code DT_RPATH}, the library path given here (which stands for {@code
 * LD_LIBRARY_PATH}), {@code DT_RUNPATH}, {@code /etc/ld.so.conf} and the default directories. All
 * paths are inside a sysroot, a host directory that stands for "/" (the host's own "/" by default);
 * symbolic links are followed inside it and recorded, so that an image can recreate them.
 *
 * <p>$ORIGIN follows glibc: for the program it is the directory of its real, link-free path (glibc
 * reads /proc/self/exe); for a library it is the directory of the path the library was opened by,
 * links left alone. $LIB expands to both "lib/x86_64-linux-gnu" and "lib64"; $PLATFORM is "x86_64".
 *
 * <p>Every missing library is collected before failing, so one error lists them all.
 */
public final class DependencyResolver {
  private final SysrootPathResolver paths;
  private final List<String> libraryPath;

  private DependencyResolver(SysrootPathResolver paths, List<String> libraryPath) {
    this.paths = paths;
    this.libraryPath = List.copyOf(libraryPath);
  }

  /** Resolves programs inside {@code sysroot}, such as a Debian package tree unpacked there. */
  public static DependencyResolver forSysroot(Path sysroot) {
    return new DependencyResolver(new SysrootPathResolver(sysroot), List.of());
  }

  /** Resolves programs of this machine. */
  public static DependencyResolver forHost() {
    return forSysroot(Path.of("/"));
  }

  /**
   * A resolver that also searches {@code directories} (guest paths; $ORIGIN means the program's
   * directory), after {@code DT_RPATH} and before {@code DT_RUNPATH}, as the loader does with
   * {@code LD_LIBRARY_PATH}.
   */
  public DependencyResolver withLibraryPath(List<String> directories) {
    return new DependencyResolver(paths, directories);
  }

  public Path sysroot() {
    return paths.sysroot();
  }

  /** The closure of {@code program}, an absolute guest path. */
  public DependencyClosure resolve(String program) throws IOException {
    return resolve(program, List.of());
  }

  /**
   * The closure of {@code program}, plus every program or shared library found under each of {@code
   * scanDirectories} and their needs, for libraries the program loads with dlopen() (as Python does
   * with lib-dynload).
   *
   * @throws MissingLibrariesException listing every library the loader would not find
   * @throws ElfFormatException when the program is not an x86-64 ELF file
   * @throws java.nio.file.NoSuchFileException when the program or a directory does not exist
   */
  public DependencyClosure resolve(String program, List<String> scanDirectories)
      throws IOException {
    SearchPlan plan = new SearchPlan(libraryPath, LoaderConfiguration.readDirectories(paths));
    ClosureBuilder closure = new ClosureBuilder(paths, plan);

    closure.addProgram(program);
    closure.loadPending();

    // After the program's own needs, as at run time: dlopen() comes after startup.
    for (String directory : scanDirectories) {
      closure.addScannedDirectory(directory);
    }
    closure.loadPending();

    return closure.finish();
  }
}

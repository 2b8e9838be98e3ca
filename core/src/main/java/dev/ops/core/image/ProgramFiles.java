package dev.ops.core.image;

import dev.ops.core.OpsException;
import dev.ops.core.elf.ClosureFile;
import dev.ops.core.elf.DependencyClosure;
import dev.ops.core.elf.DependencyResolver;
import dev.ops.core.elf.ElfFile;
import dev.ops.core.elf.ElfFormatException;
import dev.ops.core.elf.MissingLibrariesException;
import dev.ops.core.elf.SymbolicLink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The program and every file it needs to load, read from the ELF itself (the program is never run
 * on the host). The program keeps its absolute host path in the guest, so {@code $ORIGIN} and
 * relative library paths mean the same thing there.
 */
final class ProgramFiles {

  private final String guestPath;
  private final DependencyClosure closure;

  private ProgramFiles(String guestPath, DependencyClosure closure) {
    this.guestPath = guestPath;
    this.closure = closure;
  }

  static ProgramFiles inspect(ImageSpec spec) {
    Path program = spec.program().toAbsolutePath().normalize();
    requireRegularFile(program);
    try {
      ElfFile.read(program);
      DependencyClosure closure =
          DependencyResolver.forHost()
              .withLibraryPath(spec.libraryPaths())
              .resolve(program.toString(), absoluteDirs(spec));
      return new ProgramFiles(program.toString(), closure);
    } catch (MissingLibrariesException e) {
      throw new OpsException(e.getMessage(), null);
    } catch (ElfFormatException e) {
      throw new OpsException(
          e.getMessage(), "ops runs Linux x86-64 ELF programs; for scripts, run their interpreter");
    } catch (NoSuchFileException e) {
      throw new OpsException("cannot find " + e.getFile(), "check the path");
    } catch (IOException e) {
      throw new OpsException("cannot read " + program + ": " + e.getMessage());
    }
  }

  /** Dirs may hold shared objects loaded with dlopen(), such as Python's lib-dynload. */
  private static List<String> absoluteDirs(ImageSpec spec) {
    return spec.dirs().stream()
        .map(dir -> spec.workingDirectory().resolve(dir).normalize())
        .filter(Files::isDirectory)
        .map(Path::toString)
        .toList();
  }

  private static void requireRegularFile(Path program) {
    if (!Files.exists(program)) {
      throw new OpsException(
          "the program " + program + " does not exist",
          "check the path, or build the program first");
    }
    if (!Files.isRegularFile(program)) {
      throw new OpsException(program + " is not a regular file", "name the program's ELF file");
    }
  }

  String guestPath() {
    return guestPath;
  }

  /**
   * The environment, plus {@code LD_LIBRARY_PATH} when libraries were found through the library
   * path or {@code /etc/ld.so.conf}, which the guest has no cache for.
   */
  Map<String, String> environment(ImageSpec spec) {
    Map<String, String> env = new LinkedHashMap<>(spec.env());
    if (!closure.runtimeLibraryPath().isEmpty() && !env.containsKey("LD_LIBRARY_PATH")) {
      env.put("LD_LIBRARY_PATH", String.join(":", closure.runtimeLibraryPath()));
    }
    return env;
  }

  LayerEntry.HostFile programEntry() {
    ClosureFile file =
        closure.files().stream()
            .filter(candidate -> candidate.hostPath().equals(realPathOfProgram()))
            .findFirst()
            .orElse(new ClosureFile(guestPath, Path.of(guestPath)));
    return new LayerEntry.HostFile(file.guestPath(), 0755, file.hostPath());
  }

  /** Every library and link the loader needs, the program itself excluded. */
  List<LayerEntry> libraryEntries() {
    Path program = realPathOfProgram();
    List<LayerEntry> entries = new ArrayList<>();
    for (ClosureFile file : closure.files()) {
      if (!file.hostPath().equals(program)) {
        entries.add(
            new LayerEntry.HostFile(file.guestPath(), modeOf(file.hostPath()), file.hostPath()));
      }
    }
    for (SymbolicLink link : closure.symbolicLinks()) {
      entries.add(new LayerEntry.Symlink(link.guestPath(), link.target()));
    }
    return entries;
  }

  private Path realPathOfProgram() {
    return ImageBuilder.realPath(Path.of(guestPath));
  }

  private static int modeOf(Path file) {
    try {
      return HostTreeCollector.modeOf(file);
    } catch (IOException e) {
      return 0755;
    }
  }
}

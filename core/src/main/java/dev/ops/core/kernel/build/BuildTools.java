package dev.ops.core.kernel.build;

import dev.ops.core.OpsException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The host tools a kernel build needs, checked before unpacking 1.5 GB of source so that a missing
 * one fails in a second with the command that installs it, not after minutes of make.
 */
public final class BuildTools {

  /** A program looked up on PATH, and the Debian package that provides it. */
  record Program(String name, String debianPackage) {}

  static final List<Program> PROGRAMS =
      List.of(
          new Program("gcc", "gcc"),
          new Program("make", "make"),
          new Program("flex", "flex"),
          new Program("bison", "bison"),
          new Program("bc", "bc"),
          new Program("perl", "perl"),
          new Program("tar", "tar"),
          new Program("patch", "patch"),
          new Program("xz", "xz-utils"));

  /**
   * objtool, which the x86-64 build always compiles, needs libelf's headers. No OpenSSL: it is only
   * for module signing and trusted keys, both off in the minimal kernel.
   */
  static final String LIBELF_HEADER = "libelf.h";

  static final String LIBELF_PACKAGE = "libelf-dev";

  private BuildTools() {}

  /** Fails with the apt-get command to run when a tool is missing on this machine. */
  public static void requireInstalled() {
    List<String> missing =
        missingPackages(System.getenv().getOrDefault("PATH", ""), List.of(Path.of("/usr/include")));
    if (!missing.isEmpty()) {
      throw new OpsException(
          "cannot build the minimal kernel: missing build tools ("
              + String.join(", ", missing)
              + ")",
          "install them with: apt-get install " + String.join(" ", missing));
    }
  }

  /** The Debian packages to install, given PATH and the directories searched for headers. */
  static List<String> missingPackages(String path, List<Path> includeDirectories) {
    List<Path> directories = splitPath(path);
    Set<String> missing = new LinkedHashSet<>();
    for (Program program : PROGRAMS) {
      if (directories.stream().noneMatch(dir -> Files.isExecutable(dir.resolve(program.name())))) {
        missing.add(program.debianPackage());
      }
    }
    if (includeDirectories.stream().noneMatch(dir -> hasHeader(dir, LIBELF_HEADER))) {
      missing.add(LIBELF_PACKAGE);
    }
    return new ArrayList<>(missing);
  }

  private static boolean hasHeader(Path includeDirectory, String header) {
    return Files.isRegularFile(includeDirectory.resolve(header));
  }

  private static List<Path> splitPath(String path) {
    List<Path> directories = new ArrayList<>();
    for (String entry : path.split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        directories.add(Path.of(entry));
      }
    }
    return directories;
  }
}

package dev.ops.core.elf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The directories glibc's loader searches for one object's needs, in its order.
 *
 * <ol>
 *   <li>{@code DT_RPATH}, only when the requesting object has no {@code DT_RUNPATH}: first the
 *       requester's, then that of the object that loaded it, and so on up to the program. An object
 *       on that chain that has a {@code DT_RUNPATH} contributes no {@code DT_RPATH} (glibc's
 *       documented rule; ld never writes both unless asked to).
 *   <li>the caller's library path, standing in for {@code LD_LIBRARY_PATH}; $ORIGIN there is the
 *       program's directory.
 *   <li>{@code DT_RUNPATH} of the requester only: it never applies to indirect needs.
 *   <li>{@code /etc/ld.so.conf} directories, standing in for {@code /etc/ld.so.cache}.
 *   <li>the default directories.
 * </ol>
 *
 * <p>Empty and relative elements are dropped: the loader would search them relative to the working
 * directory, which is not known here. The glibc-hwcaps subdirectories are not searched: the loader
 * in the image falls back to the baseline library when they are absent.
 */
final class SearchPlan {
  /**
   * Debian's and Ubuntu's built-in directories, then those of distributions with lib64; ops does
   * not know which glibc a sysroot has, and an absent directory costs nothing.
   */
  static final List<String> DEFAULT_DIRECTORIES =
      List.of(
          "/lib/x86_64-linux-gnu",
          "/usr/lib/x86_64-linux-gnu",
          "/lib64",
          "/usr/lib64",
          "/lib",
          "/usr/lib");

  private final List<String> libraryPath;
  private final List<String> configuredDirectories;

  SearchPlan(List<String> libraryPath, List<String> configuredDirectories) {
    this.libraryPath = List.copyOf(libraryPath);
    this.configuredDirectories = List.copyOf(configuredDirectories);
  }

  /** The directories to search, each once, for a name {@code requester} needs. */
  List<SearchDirectory> directoriesFor(LoadedObject requester) {
    Map<String, SearchDirectory> directories = new LinkedHashMap<>();
    if (!requester.elf().hasRunpath()) {
      for (LoadedObject object = requester; object != null; object = object.loader()) {
        addRpathOf(object, directories);
      }
    }
    LoadedObject program = programOf(requester);
    addExpanded(libraryPath, program.origin(), SearchDirectory.Source.LIBRARY_PATH, directories);
    List<String> runpath = requester.elf().runpath();
    addExpanded(runpath, requester.origin(), SearchDirectory.Source.RUNPATH, directories);
    addPlain(configuredDirectories, SearchDirectory.Source.CONFIGURED, directories);
    addPlain(DEFAULT_DIRECTORIES, SearchDirectory.Source.DEFAULT, directories);
    return List.copyOf(directories.values());
  }

  private static void addRpathOf(LoadedObject object, Map<String, SearchDirectory> directories) {
    if (!object.elf().hasRunpath()) {
      List<String> rpath = object.elf().rpath();
      addExpanded(rpath, object.origin(), SearchDirectory.Source.RPATH, directories);
    }
  }

  private static LoadedObject programOf(LoadedObject object) {
    LoadedObject program = object;
    while (program.loader() != null) {
      program = program.loader();
    }
    return program;
  }

  private static void addExpanded(
      List<String> elements,
      String origin,
      SearchDirectory.Source source,
      Map<String, SearchDirectory> directories) {
    List<String> expanded = new ArrayList<>();
    for (String element : elements) {
      expanded.addAll(SearchPathTokens.expand(element, origin));
    }
    addPlain(expanded, source, directories);
  }

  private static void addPlain(
      List<String> paths, SearchDirectory.Source source, Map<String, SearchDirectory> directories) {
    for (String path : paths) {
      String directory = withoutTrailingSlashes(path);
      if (directory.startsWith("/")) {
        directories.putIfAbsent(directory, new SearchDirectory(directory, source));
      }
    }
  }

  private static String withoutTrailingSlashes(String path) {
    String trimmed = path.replaceAll("/+$", "");
    return trimmed.isEmpty() && path.startsWith("/") ? "/" : trimmed;
  }
}

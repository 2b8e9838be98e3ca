package dev.ops.core.elf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the library directories listed in a sysroot's {@code /etc/ld.so.conf} and the files it
 * includes, in the order ldconfig would put them in the loader's cache.
 *
 * <p>The loader itself only reads {@code /etc/ld.so.cache}, which ldconfig builds from these files;
 * reading the configuration instead works on a sysroot that was never ldconfig'd (an unpacked
 * package) and needs no parser for the cache's binary format.
 */
final class LoaderConfiguration {
  static final String MAIN_FILE = "/etc/ld.so.conf";

  /** Deeper nesting only happens when includes loop. */
  private static final int MAX_INCLUDE_DEPTH = 16;

  /** Real configuration files are a few lines; a larger one is not what we should parse. */
  private static final long MAX_FILE_SIZE = 1024 * 1024;

  private final SysrootPathResolver paths;
  private final Set<String> directories = new LinkedHashSet<>();
  private final Set<String> filesRead = new HashSet<>();

  private LoaderConfiguration(SysrootPathResolver paths) {
    this.paths = paths;
  }

  /** The configured directories, as absolute guest paths without duplicates. */
  static List<String> readDirectories(SysrootPathResolver paths) throws IOException {
    LoaderConfiguration configuration = new LoaderConfiguration(paths);
    configuration.readFile(MAIN_FILE, 0);
    return List.copyOf(configuration.directories);
  }

  private void readFile(String guestPath, int depth) throws IOException {
    Optional<ResolvedPath> file = findReadableFile(guestPath);
    if (file.isEmpty() || depth > MAX_INCLUDE_DEPTH || !filesRead.add(file.get().guestPath())) {
      return;
    }
    String directoryOfFile = parentOf(guestPath);
    for (String line : Files.readAllLines(file.get().hostPath(), StandardCharsets.ISO_8859_1)) {
      readLine(stripComment(line), directoryOfFile, depth);
    }
  }

  private void readLine(String line, String directoryOfFile, int depth) throws IOException {
    if (line.isEmpty() || line.startsWith("hwcap ")) {
      return;
    }
    String[] words = line.split("\\s+");
    if (words[0].equals("include")) {
      for (int i = 1; i < words.length; i++) {
        readIncluded(words[i], directoryOfFile, depth);
      }
      return;
    }
    // Like ldconfig, any other line is one directory, spaces and all.
    addDirectory(line);
  }

  /** Like ldconfig, a relative pattern is relative to the including file's directory. */
  private void readIncluded(String pattern, String directoryOfFile, int depth) throws IOException {
    String absolutePattern = pattern.startsWith("/") ? pattern : directoryOfFile + "/" + pattern;
    for (String match : expandGlob(absolutePattern)) {
      readFile(match, depth + 1);
    }
  }

  private void addDirectory(String directory) {
    String trimmed = directory.replaceAll("/+$", "");
    if (trimmed.startsWith("/")) {
      directories.add(trimmed);
    }
  }

  /**
   * The guest paths matching an absolute glob pattern, sorted like glob(3) sorts them. A "*" does
   * not match a leading dot, as in the shell.
   */
  private List<String> expandGlob(String pattern) throws IOException {
    List<String> matches = List.of("/");
    for (String component : pattern.split("/")) {
      if (!component.isEmpty()) {
        matches = expandComponent(matches, component);
      }
    }
    return matches.stream().sorted().toList();
  }

  private List<String> expandComponent(List<String> parents, String component) throws IOException {
    List<String> expanded = new ArrayList<>();
    boolean isPattern = component.matches(".*[*?\\[].*");
    for (String parent : parents) {
      String prefix = parent.equals("/") ? "/" : parent + "/";
      if (isPattern) {
        for (String name : listMatching(parent, component)) {
          expanded.add(prefix + name);
        }
      } else {
        expanded.add(prefix + component);
      }
    }
    return expanded;
  }

  private List<String> listMatching(String guestDirectory, String pattern) throws IOException {
    Optional<ResolvedPath> directory = paths.find(guestDirectory);
    if (directory.isEmpty() || !Files.isDirectory(directory.get().hostPath())) {
      return List.of();
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory.get().hostPath())) {
      for (Path entry : entries) {
        Path name = entry.getFileName();
        boolean hidden = name.toString().startsWith(".") && !pattern.startsWith(".");
        if (!hidden && matcher.matches(name)) {
          names.add(name.toString());
        }
      }
    }
    return names;
  }

  private Optional<ResolvedPath> findReadableFile(String guestPath) throws IOException {
    Optional<ResolvedPath> file = paths.find(guestPath);
    boolean usable =
        file.isPresent()
            && Files.isRegularFile(file.get().hostPath())
            && Files.size(file.get().hostPath()) <= MAX_FILE_SIZE;
    return usable ? file : Optional.empty();
  }

  private static String stripComment(String line) {
    int hash = line.indexOf('#');
    return (hash < 0 ? line : line.substring(0, hash)).strip();
  }

  private static String parentOf(String guestPath) {
    int slash = guestPath.lastIndexOf('/');
    return slash <= 0 ? "/" : guestPath.substring(0, slash);
  }
}

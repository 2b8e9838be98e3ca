package dev.ops.core.image;

import dev.ops.core.OpsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns the user's files and directories on the host into layer entries. Links inside a copied
 * directory stay links; nothing outside what the user named is read.
 */
public final class HostTreeCollector {

  private HostTreeCollector() {}

  /** A file, or every file under a directory, placed at {@code guestPath}. */
  public static List<LayerEntry> collect(Path hostPath, String guestPath) {
    if (!Files.exists(hostPath, LinkOption.NOFOLLOW_LINKS)) {
      throw new OpsException(
          "cannot add " + hostPath + " to the image: it does not exist",
          "check the path in Files, Dirs or MapDirs; relative paths start from "
              + Path.of("").toAbsolutePath());
    }
    List<LayerEntry> entries = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(hostPath)) {
      for (Path path : walk.sorted().toList()) {
        String relative = hostPath.relativize(path).toString();
        String target = relative.isEmpty() ? guestPath : guestPath + "/" + relative;
        entries.add(entryFor(path, GuestPaths.normalize(target)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + hostPath, e);
    }
    return entries;
  }

  /** Files matching a glob such as {@code assets/*.png}, placed flat in {@code guestDir}. */
  static List<LayerEntry> collectGlob(Path base, String glob, String guestDir) {
    Path pattern = base.resolve(glob);
    Path directory = firstNonGlobAncestor(pattern);
    if (directory.equals(pattern)) {
      return collect(pattern, guestDir);
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    List<LayerEntry> entries = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path path : walk.filter(matcher::matches).sorted().toList()) {
        entries.addAll(collect(path, guestDir + "/" + path.getFileName()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + directory, e);
    }
    return entries;
  }

  private static Path firstNonGlobAncestor(Path pattern) {
    Path result = pattern.getRoot();
    for (Path part : pattern) {
      if (part.toString().matches(".*[*?\\[{].*")) {
        return result;
      }
      result = result.resolve(part);
    }
    return result;
  }

  private static LayerEntry entryFor(Path path, String guestPath) throws IOException {
    if (Files.isSymbolicLink(path)) {
      return new LayerEntry.Symlink(guestPath, Files.readSymbolicLink(path).toString());
    }
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      return new LayerEntry.Directory(guestPath, LayerContents.DIRECTORY_MODE);
    }
    if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      throw new OpsException(
          "cannot add " + path + " to the image: only files, directories and links can be copied");
    }
    return new LayerEntry.HostFile(guestPath, modeOf(path), path);
  }

  static int modeOf(Path file) throws IOException {
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
    return permissions.contains(PosixFilePermission.OWNER_EXECUTE) ? 0755 : 0644;
  }
}

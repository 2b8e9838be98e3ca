package dev.ops.core.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** Small helpers for whole directory trees. */
public final class FileTrees {

  private FileTrees() {}

  /** Deletes a tree without following links out of it; missing trees are fine. */
  public static void delete(Path root) {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + root, e);
    }
  }

  /** Best effort, for scratch space on the way out of a failure. */
  public static void deleteQuietly(Path root) {
    try {
      delete(root);
    } catch (UncheckedIOException e) {
      // Scratch left behind is harmless; the original failure matters more.
    }
  }

  /** Writes through a temporary file and a rename, so readers never see half a file. */
  public static void writeAtomically(Path target, byte[] content) {
    try {
      Files.createDirectories(target.getParent());
      Path temporary = Files.createTempFile(target.getParent(), ".tmp-", ".part");
      Files.write(temporary, content);
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + target, e);
    }
  }
}

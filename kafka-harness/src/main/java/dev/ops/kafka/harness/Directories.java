package dev.ops.kafka.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes a broker's directory once nobody needs its files. */
final class Directories {

  private Directories() {}

  /** Deletes {@code directory} and everything in it, as far as it can. */
  static void deleteQuietly(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(Directories::deleteOne);
    } catch (IOException e) {
      // A temporary directory left behind is harmless; failing a passed test for it is not.
    }
  }

  private static void deleteOne(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // As above: best effort.
    }
  }
}

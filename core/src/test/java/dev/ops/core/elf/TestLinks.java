package dev.ops.core.elf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Test sysroots hold links whose targets only make sense inside them. */
final class TestLinks {
  private TestLinks() {}

  /**
   * Deletes every symbolic link under {@code root}. JUnit warns about each link that points outside
   * its temporary directory, and an absolute link in a sysroot does, seen from the host.
   */
  static void deleteAll(Path root) throws IOException {
    List<Path> links;
    try (Stream<Path> walk = Files.walk(root)) {
      links = walk.filter(Files::isSymbolicLink).toList();
    }
    for (Path link : links) {
      Files.deleteIfExists(link);
    }
  }
}

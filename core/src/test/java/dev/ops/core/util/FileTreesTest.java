package dev.ops.core.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {

  @TempDir Path directory;

  @Test
  void writesAFileCreatingItsParents() {
    Path target = directory.resolve("a/b/c.txt");

    FileTrees.writeAtomically(target, "content".getBytes());

    assertThat(target).hasContent("content");
  }

  @Test
  void replacesAnExistingFileWhole() throws IOException {
    Path target = Files.writeString(directory.resolve("tag"), "a much longer old content");

    FileTrees.writeAtomically(target, "new".getBytes());

    assertThat(target).hasContent("new");
  }

  @Test
  void leavesNoTemporaryFileBehind() throws IOException {
    FileTrees.writeAtomically(directory.resolve("one"), "1".getBytes());
    FileTrees.writeAtomically(directory.resolve("one"), "2".getBytes());

    try (var files = Files.list(directory)) {
      assertThat(files.map(file -> file.getFileName().toString())).containsExactly("one");
    }
  }

  @Test
  void deletesATree() throws IOException {
    Path tree = directory.resolve("tree");
    Files.createDirectories(tree.resolve("a/b"));
    Files.writeString(tree.resolve("a/b/file"), "x");

    FileTrees.delete(tree);

    assertThat(tree).doesNotExist();
  }

  @Test
  void deletesLinksWithoutFollowingThem() throws IOException {
    Path outside = Files.createDirectory(directory.resolve("outside"));
    Files.writeString(outside.resolve("keep"), "keep me");
    Path tree = Files.createDirectory(directory.resolve("tree"));
    Files.createSymbolicLink(tree.resolve("link"), outside);

    FileTrees.delete(tree);

    assertThat(tree).doesNotExist();
    assertThat(outside.resolve("keep")).hasContent("keep me");
  }

  @Test
  void deletesALinkGivenAsTheTreeButNotItsTarget() throws IOException {
    Path outside = Files.createDirectory(directory.resolve("outside"));
    Files.writeString(outside.resolve("keep"), "keep me");
    Path link = Files.createSymbolicLink(directory.resolve("link"), outside);

    FileTrees.delete(link);

    assertThat(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(outside.resolve("keep")).hasContent("keep me");
  }

  @Test
  void deletesNothingWhenTheTreeIsMissing() {
    assertThatCode(() -> FileTrees.delete(directory.resolve("missing"))).doesNotThrowAnyException();
    assertThatCode(() -> FileTrees.deleteQuietly(directory.resolve("missing")))
        .doesNotThrowAnyException();
  }
}

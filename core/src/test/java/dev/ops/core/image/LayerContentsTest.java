package dev.ops.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ops.core.OpsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerContentsTest {

  private static LayerEntry file(String guestPath) {
    return new LayerEntry.HostFile(guestPath, 0644, Path.of("/host" + guestPath));
  }

  private static List<String> paths(LayerContents contents) {
    return contents.entries().stream().map(LayerEntry::guestPath).toList();
  }

  @Test
  void addsEveryMissingParentDirectory() {
    LayerContents contents = new LayerContents("program").add(file("/srv/www/index.html"));

    assertThat(paths(contents)).containsExactly("/srv", "/srv/www", "/srv/www/index.html");
    assertThat(contents.entries().get(0))
        .isEqualTo(new LayerEntry.Directory("/srv", LayerContents.DIRECTORY_MODE));
  }

  @Test
  void keepsEntriesSortedSoParentsComeBeforeWhatTheyHold() {
    LayerContents contents =
        new LayerContents("program")
            .add(file("/b/z"))
            .add(file("/a-b"))
            .add(file("/a/y"))
            .add(file("/a/x"));

    assertThat(paths(contents)).containsExactly("/a", "/a-b", "/a/x", "/a/y", "/b", "/b/z");
  }

  @Test
  void keepsAnExplicitDirectoryInsteadOfAddingItTwice() {
    LayerContents contents =
        new LayerContents("program")
            .add(file("/data/file"))
            .add(new LayerEntry.Directory("/data", 0700));

    assertThat(paths(contents)).containsExactly("/data", "/data/file");
  }

  @Test
  void acceptsTheSameHostFileTwice() {
    LayerContents contents = new LayerContents("program").add(file("/bin/app"));

    assertThatCode(() -> contents.add(file("/bin/app"))).doesNotThrowAnyException();
    assertThat(paths(contents)).containsExactly("/bin", "/bin/app");
  }

  @Test
  void rejectsTwoDifferentFilesAtOnePathNamingIt() {
    LayerContents contents = new LayerContents("program").add(file("/etc/app.conf"));
    LayerEntry other = new LayerEntry.HostFile("/etc/app.conf", 0644, Path.of("/elsewhere"));

    assertThatThrownBy(() -> contents.add(other))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("/etc/app.conf");
  }

  @Test
  void rejectsALinkWhereADirectoryAlreadyHoldsFiles() {
    LayerContents contents = new LayerContents("program").add(file("/lib/libc.so.6"));

    assertThatThrownBy(() -> contents.add(new LayerEntry.Symlink("/lib", "usr/lib")))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("/lib");
  }

  @Test
  void rejectsAFileUnderASymbolicLink() {
    LayerContents contents =
        new LayerContents("libraries").add(new LayerEntry.Symlink("/lib", "usr/lib"));

    assertThatThrownBy(() -> contents.add(file("/lib/libc.so.6")))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("/lib/libc.so.6")
        .hasMessageContaining("symbolic link");
  }

  @Test
  void rejectsAFileDeepUnderASymbolicLink() {
    LayerContents contents =
        new LayerContents("libraries").add(new LayerEntry.Symlink("/lib", "usr/lib"));

    assertThatThrownBy(() -> contents.add(file("/lib/x86_64-linux-gnu/libc.so.6")))
        .isInstanceOf(OpsException.class);
  }

  @Test
  void rejectsAFileUnderARegularFile() {
    LayerContents contents = new LayerContents("program").add(file("/data"));

    assertThatThrownBy(() -> contents.add(file("/data/inner")))
        .as("the kernel cannot unpack /data/inner when /data is a regular file")
        .isInstanceOf(OpsException.class);
  }

  @Test
  void acceptsTheSameGeneratedContentTwice() {
    LayerContents contents =
        new LayerContents("init")
            .add(new LayerEntry.Content("/etc/hostname", 0644, bytes("web\n")));

    assertThatCode(
            () -> contents.add(new LayerEntry.Content("/etc/hostname", 0644, bytes("web\n"))))
        .doesNotThrowAnyException();
  }

  @Test
  void storesEntriesUnderTheirNormalisedPath() {
    LayerContents contents = new LayerContents("program").add(file("data//sub/./x"));

    assertThat(paths(contents)).containsExactly("/data", "/data/sub", "/data/sub/x");
  }

  @Test
  void findsEntriesByAnyFormOfTheirPath() {
    LayerContents contents = new LayerContents("program").add(file("/data/x"));

    assertThat(contents.contains("data//x")).isTrue();
    assertThat(contents.contains("/data")).isTrue();
    assertThat(contents.contains("/data/y")).isFalse();
  }

  @Test
  void isEmptyUntilSomethingIsAdded() {
    LayerContents contents = new LayerContents("modules");

    assertThat(contents.isEmpty()).isTrue();
    assertThat(contents.add(file("/m.ko")).isEmpty()).isFalse();
  }

  @Test
  void refusesEntriesThatClimbAboveTheRoot() {
    assertThatThrownBy(() -> new LayerContents("program").add(file("/../etc/passwd")))
        .isInstanceOf(OpsException.class);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

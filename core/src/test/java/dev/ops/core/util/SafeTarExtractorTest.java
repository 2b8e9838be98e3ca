package dev.ops.core.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ops.core.OpsException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeTarExtractorTest {

  @TempDir Path scratch;
  private Path target;
  private Path outside;

  @BeforeEach
  void createDirectories() throws IOException {
    target = scratch.resolve("target");
    outside = Files.createDirectory(scratch.resolve("outside"));
  }

  /** Builds a tar archive in memory, one entry per call of the builder's methods. */
  private static final class Tar {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream out = new TarArchiveOutputStream(bytes);

    Tar() {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    Tar file(String name, String content, int mode) {
      byte[] body = content.getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry entry = new TarArchiveEntry(name, true);
      entry.setSize(body.length);
      entry.setMode(mode);
      return put(entry, body);
    }

    Tar file(String name, String content) {
      return file(name, content, 0644);
    }

    Tar directory(String name) {
      TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true);
      entry.setMode(040755);
      return put(entry, null);
    }

    Tar symlink(String name, String linkTarget) {
      return link(name, linkTarget, TarConstants.LF_SYMLINK);
    }

    Tar hardLink(String name, String linkTarget) {
      return link(name, linkTarget, TarConstants.LF_LINK);
    }

    Tar special(String name, byte kind) {
      return entry(
          name,
          kind,
          entry -> {
            entry.setDevMajor(1);
            entry.setDevMinor(3);
          });
    }

    private Tar link(String name, String linkTarget, byte kind) {
      return entry(name, kind, entry -> entry.setLinkName(linkTarget));
    }

    private Tar entry(String name, byte kind, Consumer<TarArchiveEntry> setUp) {
      TarArchiveEntry entry = new TarArchiveEntry(name, kind, true);
      setUp.accept(entry);
      return put(entry, null);
    }

    private Tar put(TarArchiveEntry entry, byte[] body) {
      try {
        out.putArchiveEntry(entry);
        if (body != null) {
          out.write(body);
        }
        out.closeArchiveEntry();
        return this;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    ByteArrayInputStream stream() throws IOException {
      out.close();
      return new ByteArrayInputStream(bytes.toByteArray());
    }
  }

  private String permissionsOf(String relative) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve(relative)));
  }

  private void extract(Tar tar) throws IOException {
    SafeTarExtractor.extract(tar.stream(), target);
  }

  @Test
  void extractsFilesDirectoriesAndLinks() throws IOException {
    extract(
        new Tar()
            .directory("usr/")
            .directory("usr/bin/")
            .file("usr/bin/tool", "#!tool", 0755)
            .file("usr/share/doc/README", "read me")
            .symlink("usr/bin/alias", "tool")
            .symlink("lib", "usr/lib"));

    assertThat(target.resolve("usr/bin")).isDirectory();
    assertThat(target.resolve("usr/bin/tool")).hasContent("#!tool").isExecutable();
    assertThat(target.resolve("usr/share/doc/README")).hasContent("read me");
    assertThat(Files.readSymbolicLink(target.resolve("usr/bin/alias"))).isEqualTo(Path.of("tool"));
    assertThat(Files.readSymbolicLink(target.resolve("lib"))).isEqualTo(Path.of("usr/lib"));
  }

  @Test
  void keepsTheModeOfFiles() throws IOException {
    extract(new Tar().file("secret", "s", 0600).file("tool", "t", 0750));

    assertThat(permissionsOf("secret")).isEqualTo("rw-------");
    assertThat(permissionsOf("tool")).isEqualTo("rwxr-x---");
  }

  @Test
  void storesAbsoluteLinkTargetsAsTheyAre() throws IOException {
    extract(new Tar().symlink("lib64/ld.so", "/nonexistent/lib/ld-linux-x86-64.so.2"));

    assertThat(Files.readSymbolicLink(target.resolve("lib64/ld.so")))
        .isEqualTo(Path.of("/nonexistent/lib/ld-linux-x86-64.so.2"));
  }

  @Test
  void refusesARelativeLinkThatLeadsOutOfTheTarget() {
    Tar tar = new Tar().symlink("usr/lib/escape", "../../../../etc");

    assertThatThrownBy(() -> extract(tar))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("its link leads outside the target directory");
    assertThat(target.resolve("usr/lib/escape")).doesNotExist();
  }

  @Test
  void keepsARelativeLinkThatStaysInside() throws IOException {
    extract(new Tar().symlink("usr/lib/x86_64-linux-gnu/libz.so", "../../../lib/libz.so.1"));

    assertThat(Files.readSymbolicLink(target.resolve("usr/lib/x86_64-linux-gnu/libz.so")))
        .isEqualTo(Path.of("../../../lib/libz.so.1"));
  }

  @Test
  void refusesAnEntryThatClimbsOutWithDotDot() throws IOException {
    Tar tar = new Tar().file("../evil", "gotcha");

    assertThatThrownBy(() -> extract(tar))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("../evil")
        .hasMessageContaining("outside the target directory");
    assertThat(scratch.resolve("evil")).doesNotExist();
  }

  @Test
  void refusesAnEntryThatClimbsOutFromASubdirectory() throws IOException {
    Tar tar = new Tar().file("usr/../../outside/evil", "gotcha");

    assertThatThrownBy(() -> extract(tar)).isInstanceOf(OpsException.class);
    assertThat(outside.resolve("evil")).doesNotExist();
  }

  @Test
  void placesAnAbsoluteEntryInsideTheTarget() throws IOException {
    extract(new Tar().file("/etc/x", "inside"));

    assertThat(target.resolve("etc/x")).hasContent("inside");
  }

  @Test
  void refusesToWriteThroughASymbolicLink() throws IOException {
    Tar tar = new Tar().symlink("a", outside.toString()).file("a/x", "gotcha");

    assertThatThrownBy(() -> extract(tar))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("a/x")
        .hasMessageContaining("symbolic link");
    assertThat(outside).isEmptyDirectory();
  }

  @Test
  void refusesToWriteDeepUnderASymbolicLink() throws IOException {
    Tar tar = new Tar().symlink("a", outside.toString()).file("a/b/c/x", "gotcha");

    assertThatThrownBy(() -> extract(tar)).isInstanceOf(OpsException.class);
    assertThat(outside).isEmptyDirectory();
  }

  @Test
  void refusesADirectoryInPlaceOfASymbolicLink() throws IOException {
    Tar tar = new Tar().symlink("a", outside.toString()).directory("a/");

    assertThatThrownBy(() -> extract(tar)).isInstanceOf(OpsException.class);
    assertThat(outside).isEmptyDirectory();
  }

  @Test
  void replacesALinkByAFileInsteadOfWritingThroughIt() throws IOException {
    Path victim = Files.writeString(outside.resolve("victim"), "original");

    extract(new Tar().symlink("f", victim.toString()).file("f", "replaced"));

    assertThat(victim).hasContent("original");
    assertThat(target.resolve("f")).isRegularFile().hasContent("replaced");
  }

  @ParameterizedTest(name = "type flag {0}")
  @ValueSource(bytes = {TarConstants.LF_CHR, TarConstants.LF_BLK, TarConstants.LF_FIFO})
  void refusesDevicesAndFifos(byte kind) throws IOException {
    Tar tar = new Tar().special("dev/node", kind);

    assertThatThrownBy(() -> extract(tar))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("dev/node");
    assertThat(target.resolve("dev/node")).doesNotExist();
  }

  @Test
  void refusesAnArchiveLargerThanTheLimit() throws IOException {
    Tar tar = new Tar().file("small", "12345").file("big", "1234567890");

    assertThatThrownBy(() -> SafeTarExtractor.extract(tar.stream(), target, 12))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("big")
        .hasMessageContaining("more than 12 bytes");
    assertThat(target.resolve("small")).hasContent("12345");
    assertThat(target.resolve("big")).doesNotExist();
  }

  @Test
  void acceptsAnArchiveOfExactlyTheLimit() throws IOException {
    SafeTarExtractor.extract(
        new Tar().file("a", "123456").file("b", "123456").stream(), target, 12);

    assertThat(target.resolve("b")).hasContent("123456");
  }

  @Test
  void extractsAHardLinkToAFileInside() throws IOException {
    extract(
        new Tar()
            .file("usr/bin/python3.11", "python")
            .hardLink("usr/bin/python3", "usr/bin/python3.11"));

    assertThat(target.resolve("usr/bin/python3")).hasContent("python");
  }

  @Test
  void refusesAHardLinkToAFileOutside() throws IOException {
    Tar tar = new Tar().hardLink("passwd", "../outside/secret");

    assertThatThrownBy(() -> extract(tar)).isInstanceOf(OpsException.class);
    assertThat(target.resolve("passwd")).doesNotExist();
  }

  @Test
  void refusesAHardLinkThroughASymbolicLink() throws IOException {
    Files.writeString(outside.resolve("secret"), "secret");
    Tar tar = new Tar().symlink("a", outside.toString()).hardLink("copy", "a/secret");

    assertThatThrownBy(() -> extract(tar)).isInstanceOf(OpsException.class);
    assertThat(target.resolve("copy")).doesNotExist();
  }

  @Test
  void ignoresAnEntryForTheTargetItself() throws IOException {
    extract(new Tar().directory("./").file("./etc/hostname", "web"));

    assertThat(target.resolve("etc/hostname")).hasContent("web");
  }

  @Test
  void keepsDirectoriesWritableForTheOwner() throws IOException {
    TarArchiveEntry readOnly = new TarArchiveEntry("ro/", true);
    readOnly.setMode(040555);
    Tar tar = new Tar().put(readOnly, null).file("ro/file", "x");

    extract(tar);

    assertThat(permissionsOf("ro")).as("555 plus the owner's rwx").isEqualTo("rwxr-xr-x");
    assertThat(target.resolve("ro/file")).hasContent("x");
  }

  @Test
  void resolvesEntryNamesInsideTheRoot() {
    Path root = Path.of("/srv/root");

    assertThat(SafeTarExtractor.destinationOf(root, "/etc/x")).isEqualTo(root.resolve("etc/x"));
    assertThat(SafeTarExtractor.destinationOf(root, "a/./b/../c")).isEqualTo(root.resolve("a/c"));
    assertThatThrownBy(() -> SafeTarExtractor.destinationOf(root, "../root2/x"))
        .isInstanceOf(OpsException.class);
  }

  @Test
  void storesALinkThatPointsAtItselfWithoutFollowingIt() throws IOException {
    extract(new Tar().symlink("loop", "loop"));

    assertThat(Files.isSymbolicLink(target.resolve("loop"))).isTrue();
    assertThat(Files.exists(target.resolve("loop"), LinkOption.NOFOLLOW_LINKS)).isTrue();
  }
}

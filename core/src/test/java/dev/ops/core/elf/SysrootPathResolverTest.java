package dev.ops.core.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysrootPathResolverTest {
  @TempDir Path sysroot;

  @Test
  void resolvesPlainFileWithoutLinks() throws IOException {
    createFile("usr/lib/x86_64-linux-gnu/libc.so.6");

    ResolvedPath resolved = resolver().resolve("/usr/lib/x86_64-linux-gnu/libc.so.6");

    assertThat(resolved.guestPath()).isEqualTo("/usr/lib/x86_64-linux-gnu/libc.so.6");
    assertThat(resolved.hostPath())
        .isEqualTo(sysroot.resolve("usr/lib/x86_64-linux-gnu/libc.so.6"));
    assertThat(resolved.symbolicLinks()).isEmpty();
  }

  @Test
  void recordsEveryLinkOfDebianLoaderPathInOrder() throws IOException {
    createFile("usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
    link("lib64", "usr/lib64");
    link("usr/lib64/ld-linux-x86-64.so.2", "../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");

    ResolvedPath resolved = resolver().resolve("/lib64/ld-linux-x86-64.so.2");

    assertThat(resolved.guestPath()).isEqualTo("/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
    assertThat(resolved.symbolicLinks())
        .containsExactly(
            new SymbolicLink("/lib64", "usr/lib64"),
            new SymbolicLink(
                "/usr/lib64/ld-linux-x86-64.so.2", "../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"));
  }

  @Test
  void resolvesAbsoluteLinkInsideSysroot() throws IOException {
    createFile("usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
    link("lib", "usr/lib");
    link("usr/lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");

    ResolvedPath resolved = resolver().resolve("/usr/lib64/ld-linux-x86-64.so.2");

    assertThat(resolved.hostPath())
        .isEqualTo(sysroot.resolve("usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"));
    assertThat(resolved.symbolicLinks())
        .extracting(SymbolicLink::guestPath)
        .containsExactly("/usr/lib64/ld-linux-x86-64.so.2", "/lib");
  }

  @Test
  void absoluteLinkToFileOnlyOnHostLeadsNowhere() throws IOException {
    link("etc/os-release", "/etc/hostname-of-the-host");
    Files.createDirectories(sysroot.resolve("etc"));

    assertThat(resolver().find("/etc/os-release")).isEmpty();
    assertThat(resolver().find("/proc/self/exe"))
        .as("the host's /proc is not inside the sysroot")
        .isEmpty();
  }

  @Test
  void dotDotNeverClimbsAboveSysroot() throws IOException {
    createFile("etc/passwd");
    link("usr/lib/escape", "../../../../../../etc/passwd");

    assertThat(resolver().resolve("/../../etc/passwd").hostPath())
        .isEqualTo(sysroot.resolve("etc/passwd"));
    assertThat(resolver().resolve("/usr/lib/escape").hostPath())
        .isEqualTo(sysroot.resolve("etc/passwd"));
  }

  @Test
  void dotDotAfterLinkGoesToParentOfTarget() throws IOException {
    createFile("usr/share/data.txt");
    link("lib", "usr/lib");
    Files.createDirectories(sysroot.resolve("usr/lib"));

    ResolvedPath resolved = resolver().resolve("/lib/../share/data.txt");

    assertThat(resolved.guestPath())
        .as("like the kernel, not like a shell")
        .isEqualTo("/usr/share/data.txt");
  }

  @Test
  void reportsSymlinkLoop() throws IOException {
    link("a", "b");
    link("b", "/a");

    assertThatThrownBy(() -> resolver().find("/a/file"))
        .isInstanceOf(SymlinkLoopException.class)
        .hasMessageContaining("/a/file")
        .hasMessageContaining("more than 40 symbolic links")
        .hasMessageContaining("perhaps some links form a loop");
  }

  @Test
  void followsFortyLinksButNotFortyOne() throws IOException {
    createFile("target");
    link("link0", "target");
    for (int i = 1; i <= 40; i++) {
      link("link" + i, "link" + (i - 1));
    }

    assertThat(resolver().resolve("/link39").symbolicLinks()).hasSize(40);
    assertThatThrownBy(() -> resolver().find("/link40")).isInstanceOf(SymlinkLoopException.class);
  }

  @Test
  void findsNothingForMissingFileOrPathThroughFile() throws IOException {
    createFile("usr/bin/tool");

    assertThat(resolver().find("/usr/bin/missing")).isEmpty();
    assertThat(resolver().find("/usr/bin/tool/inside")).isEmpty();
  }

  @Test
  void resolveNamesSysrootWhenFileIsMissing() {
    assertThatThrownBy(() -> resolver().resolve("/usr/bin/missing"))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("/usr/bin/missing")
        .hasMessageContaining("not found inside sysroot " + sysroot.toAbsolutePath());
  }

  @Test
  void rejectsRelativeGuestPath() {
    assertThatThrownBy(() -> resolver().find("usr/bin/tool"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("perhaps you should start it with '/'");
  }

  @AfterEach
  void deleteLinksBeforeJUnitCleansUp() throws IOException {
    TestLinks.deleteAll(sysroot);
  }

  private SysrootPathResolver resolver() {
    return new SysrootPathResolver(sysroot);
  }

  private void createFile(String relative) throws IOException {
    Path file = sysroot.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, relative);
  }

  private void link(String relative, String target) throws IOException {
    Path link = sysroot.resolve(relative);
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, Path.of(target));
  }
}

package dev.ops.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ops.core.OpsException;
import org.junit.jupiter.api.Test;

class GuestPathsTest {

  @Test
  void makesRelativePathsAbsolute() {
    assertThat(GuestPaths.normalize("data/file")).isEqualTo("/data/file");
  }

  @Test
  void dropsRepeatedSlashesDotsAndTrailingSlash() {
    assertThat(GuestPaths.normalize("//data/./sub//file/")).isEqualTo("/data/sub/file");
  }

  @Test
  void resolvesDotDotInsideTheRoot() {
    assertThat(GuestPaths.normalize("/a/b/../c")).isEqualTo("/a/c");
    assertThat(GuestPaths.normalize("/a/..")).isEqualTo("/");
  }

  @Test
  void keepsTheRootAsASlash() {
    assertThat(GuestPaths.normalize("/")).isEqualTo("/");
  }

  @Test
  void refusesDotDotAboveTheRootNamingThePath() {
    assertThatThrownBy(() -> GuestPaths.normalize("/a/../../etc/passwd"))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("/a/../../etc/passwd")
        .hasMessageContaining("above the image's root");
  }

  @Test
  void refusesALeadingDotDot() {
    assertThatThrownBy(() -> GuestPaths.normalize("../x")).isInstanceOf(OpsException.class);
  }

  @Test
  void refusesANulByte() {
    assertThatThrownBy(() -> GuestPaths.normalize("/a\0b")).isInstanceOf(OpsException.class);
  }

  @Test
  void refusesTheEmptyPath() {
    assertThatThrownBy(() -> GuestPaths.normalize("")).isInstanceOf(OpsException.class);
  }

  @Test
  void treatsThreeDotsAsAnOrdinaryName() {
    assertThat(GuestPaths.normalize("/.../x")).isEqualTo("/.../x");
  }

  @Test
  void findsTheParentOfNormalisedPaths() {
    assertThat(GuestPaths.parent("/a/b/c")).isEqualTo("/a/b");
    assertThat(GuestPaths.parent("/a")).isEqualTo("/");
    assertThat(GuestPaths.parent("/")).isEqualTo("/");
  }
}

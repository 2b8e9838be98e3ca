package dev.ops.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GuestLinksTest {

  private static LayerEntry.Symlink link(String path, String target) {
    return new LayerEntry.Symlink(path, target);
  }

  @Test
  void shouldLeaveAPathWithoutLinksAsItIs() {
    GuestLinks links = GuestLinks.of(List.of(link("/lib64", "usr/lib64")));

    assertThat(links.resolve("/srv/app/bin/app")).isEqualTo("/srv/app/bin/app");
  }

  @Test
  void shouldFollowRelativeAndAbsoluteLinksThroughDirectoriesAndFiles() {
    GuestLinks links =
        GuestLinks.of(
            List.of(
                link("/bin", "usr/bin"),
                link("/usr/bin/python3", "python3.11"),
                link("/opt/current", "/opt/releases/7")));

    assertThat(links.resolve("/bin/python3")).isEqualTo("/usr/bin/python3.11");
    assertThat(links.resolve("/opt/current/bin/app")).isEqualTo("/opt/releases/7/bin/app");
  }

  @Test
  void shouldApplyDotDotAfterFollowingALinkAsTheKernelDoes() {
    GuestLinks links =
        GuestLinks.of(List.of(link("/usr/lib64/ld.so", "../lib/x86_64-linux-gnu/ld.so")));

    assertThat(links.resolve("/usr/lib64/ld.so")).isEqualTo("/usr/lib/x86_64-linux-gnu/ld.so");
  }

  @Test
  void shouldStopFollowingALoopInsteadOfHanging() {
    GuestLinks links = GuestLinks.of(List.of(link("/a", "b"), link("/b", "a")));

    assertThat(links.resolve("/a/file")).endsWith("/file");
  }

  @Test
  void shouldKeepDotDotAtTheRootWhenGivingALinksTarget() {
    assertThat(GuestLinks.target(link("/lib64", "usr/lib64"))).isEqualTo("/usr/lib64");
    assertThat(GuestLinks.target(link("/x", "../../etc"))).isEqualTo("/etc");
  }
}

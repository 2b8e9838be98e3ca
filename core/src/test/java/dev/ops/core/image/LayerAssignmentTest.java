package dev.ops.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayerAssignmentTest {

  private static final Path SOURCE = Path.of("/dev/null");

  private static LayerEntry.HostFile file(String path) {
    return new LayerEntry.HostFile(path, 0755, SOURCE);
  }

  private static LayerEntry.Symlink link(String path, String target) {
    return new LayerEntry.Symlink(path, target);
  }

  private static BuildPlan plan(
      List<LayerEntry.HostFile> libraries, List<LayerEntry> files, List<LayerEntry.Symlink> links) {
    return new BuildPlan(
        "/srv/app",
        file("/srv/app"),
        List.of(),
        Map.of(),
        libraries,
        files,
        links,
        List.of(),
        null);
  }

  private static List<String> paths(LayerContents layer) {
    return layer.entries().stream()
        .filter(entry -> !(entry instanceof LayerEntry.Directory))
        .map(LayerEntry::guestPath)
        .toList();
  }

  @Test
  void shouldPutLinksThatLeadToTheClosureWithTheLibraries() {
    BuildPlan plan =
        plan(
            List.of(file("/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2")),
            List.of(),
            List.of(
                link("/lib64", "usr/lib64"),
                link(
                    "/usr/lib64/ld-linux-x86-64.so.2",
                    "../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"),
                link("/lib", "usr/lib")));

    LayerAssignment layers = LayerAssignment.of(plan);

    assertThat(paths(layers.libraries()))
        .containsExactly(
            "/lib",
            "/lib64",
            "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
            "/usr/lib64/ld-linux-x86-64.so.2");
    assertThat(paths(layers.program())).containsExactly("/srv/app");
  }

  @Test
  void shouldFollowAnAbsoluteTargetThroughADirectoryLinkAsDebianWritesTheLoadersLink() {
    BuildPlan plan =
        plan(
            List.of(file("/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2")),
            List.of(),
            List.of(
                link("/lib", "usr/lib"),
                link("/lib64", "usr/lib64"),
                link(
                    "/usr/lib64/ld-linux-x86-64.so.2",
                    "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2")));

    LayerAssignment layers = LayerAssignment.of(plan);

    assertThat(paths(layers.libraries()))
        .contains("/lib", "/lib64", "/usr/lib64/ld-linux-x86-64.so.2");
    assertThat(paths(layers.program())).containsExactly("/srv/app");
  }

  @Test
  void shouldKeepTheUsersOwnLinksWithTheProgram() {
    BuildPlan plan =
        plan(
            List.of(file("/usr/lib/libc.so.6")),
            List.of(file("/srv/data/v1/index.html")),
            List.of(link("/srv/data/current", "v1")));

    LayerAssignment layers = LayerAssignment.of(plan);

    assertThat(paths(layers.program()))
        .containsExactly("/srv/app", "/srv/data/current", "/srv/data/v1/index.html");
    assertThat(paths(layers.libraries())).containsExactly("/usr/lib/libc.so.6");
  }

  @Test
  void shouldKeepALinkAmongTheUsersFilesWithThemEvenWhenItLeadsToALibrary() {
    BuildPlan plan =
        plan(
            List.of(file("/usr/lib/x86_64-linux-gnu/libpython3.11.so.1")),
            List.of(file("/usr/lib/python3.11/config/Makefile")),
            List.of(
                link(
                    "/usr/lib/python3.11/config/libpython3.11.so",
                    "../../x86_64-linux-gnu/libpython3.11.so.1")));

    LayerAssignment layers = LayerAssignment.of(plan);

    assertThat(paths(layers.program())).contains("/usr/lib/python3.11/config/libpython3.11.so");
    assertThat(paths(layers.libraries()))
        .containsExactly("/usr/lib/x86_64-linux-gnu/libpython3.11.so.1");
  }

  @Test
  void shouldStoreALibraryTheUsersFilesCarryOnlyWithTheProgram() {
    BuildPlan plan =
        plan(
            List.of(file("/usr/lib/python3.11/lib-dynload/_ssl.so"), file("/usr/lib/libssl.so.3")),
            List.of(file("/usr/lib/python3.11/lib-dynload/_ssl.so")),
            List.of());

    LayerAssignment layers = LayerAssignment.of(plan);

    assertThat(paths(layers.libraries())).containsExactly("/usr/lib/libssl.so.3");
    assertThat(paths(layers.program())).contains("/usr/lib/python3.11/lib-dynload/_ssl.so");
  }
}

package dev.ops.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ops.core.OpsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserFilesTest {

  @TempDir Path root;
  private Path workingDirectory;

  @BeforeEach
  void createWorkingDirectory() throws IOException {
    workingDirectory = Files.createDirectory(root.resolve("work"));
  }

  private ImageSpec spec(List<String> files, List<String> dirs, Map<String, String> mapDirs) {
    return new ImageSpec(
        workingDirectory.resolve("app"),
        List.of(),
        Map.of(),
        files,
        dirs,
        mapDirs,
        List.of(),
        List.of(),
        null,
        workingDirectory);
  }

  private List<LayerEntry> collectFiles(String... files) {
    return UserFiles.collect(spec(List.of(files), List.of(), Map.of()));
  }

  private List<LayerEntry> collectDirs(String... dirs) {
    return UserFiles.collect(spec(List.of(), List.of(dirs), Map.of()));
  }

  private List<LayerEntry> collectMapped(String hostGlob, String guestDir) {
    return UserFiles.collect(spec(List.of(), List.of(), Map.of(hostGlob, guestDir)));
  }

  private Path write(String relative, String content) throws IOException {
    Path file = workingDirectory.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return file;
  }

  private static List<String> paths(List<LayerEntry> entries) {
    return entries.stream().map(LayerEntry::guestPath).toList();
  }

  @Test
  void placesFilesAtTheirPathRelativeToTheWorkingDirectory() throws IOException {
    Path config = write("conf/app.toml", "port = 80");

    assertThat(collectFiles("conf/app.toml"))
        .containsExactly(new LayerEntry.HostFile("/conf/app.toml", 0644, config));
  }

  @Test
  void keepsTheAbsolutePathOfAnAbsoluteFile() throws IOException {
    Path config = write("abs/settings.json", "{}");

    assertThat(paths(collectFiles(config.toString()))).containsExactly(config.toString());
  }

  @Test
  void keepsTheExecutableBitAsMode0755() throws IOException {
    Path tool = write("bin/tool", "#!");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-x---"));

    assertThat(collectFiles("bin/tool"))
        .containsExactly(new LayerEntry.HostFile("/bin/tool", 0755, tool));
  }

  @Test
  void copiesDirectoriesRecursively() throws IOException {
    write("www/index.html", "<html>");
    write("www/css/site.css", "body {}");

    assertThat(paths(collectDirs("www")))
        .containsExactly("/www", "/www/css", "/www/css/site.css", "/www/index.html");
    assertThat(collectDirs("www"))
        .first()
        .isEqualTo(new LayerEntry.Directory("/www", LayerContents.DIRECTORY_MODE));
  }

  @Test
  void keepsLinksInsideDirectoriesAsLinks() throws IOException {
    write("www/index.html", "<html>");
    Files.createSymbolicLink(workingDirectory.resolve("www/home.html"), Path.of("index.html"));
    Files.createSymbolicLink(
        workingDirectory.resolve("www/passwd"), Path.of("/nonexistent/etc/passwd"));

    assertThat(collectDirs("www"))
        .contains(
            new LayerEntry.Symlink("/www/home.html", "index.html"),
            new LayerEntry.Symlink("/www/passwd", "/nonexistent/etc/passwd"));
  }

  @Test
  void doesNotDescendIntoALinkedDirectory(@TempDir Path outside) throws IOException {
    Files.writeString(outside.resolve("secret"), "do not copy");
    Files.createDirectories(workingDirectory.resolve("www"));
    Files.createSymbolicLink(workingDirectory.resolve("www/out"), outside);

    assertThat(paths(collectDirs("www"))).containsExactly("/www", "/www/out");
  }

  @Test
  void mapsFilesMatchingAGlobFlatIntoTheGuestDirectory() throws IOException {
    Path a = write("assets/a.png", "a");
    Path b = write("assets/b.png", "b");
    write("assets/notes.txt", "n");
    write("assets/deeper/c.png", "c");

    assertThat(collectMapped("assets/*.png", "/static"))
        .containsExactly(
            new LayerEntry.HostFile("/static/a.png", 0644, a),
            new LayerEntry.HostFile("/static/b.png", 0644, b));
  }

  @Test
  void mapsAWholeDirectoryToTheGuestDirectory() throws IOException {
    write("data/db/records", "r");

    assertThat(paths(collectMapped("data", "srv/data/")))
        .containsExactly("/srv/data", "/srv/data/db", "/srv/data/db/records");
  }

  @Test
  void namesAMissingFileInItsError() {
    assertThatThrownBy(() -> collectFiles("missing.conf"))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("missing.conf")
        .hasMessageContaining("does not exist");
  }

  @Test
  void namesAMissingDirectoryInItsError() {
    assertThatThrownBy(() -> collectDirs("static"))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("static");
  }

  @Test
  void refusesARelativePathThatClimbsAboveTheGuestsRoot() throws IOException {
    Files.writeString(root.resolve("secret"), "outside the working directory");

    assertThatThrownBy(() -> collectFiles("../secret"))
        .as("an existing file outside the working directory is still refused")
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("above the image's root");
  }

  @Test
  void refusesMappingToAGuestDirectoryAboveTheRoot() throws IOException {
    write("data/x", "x");

    assertThatThrownBy(() -> collectMapped("data", "/../../etc")).isInstanceOf(OpsException.class);
  }

  @Test
  void refusesDeviceFiles() {
    assertThatThrownBy(() -> collectFiles("/dev/null"))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("/dev/null")
        .hasMessageContaining("only files, directories and links");
  }
}

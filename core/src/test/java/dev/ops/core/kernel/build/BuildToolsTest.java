package dev.ops.core.kernel.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildToolsTest {

  @TempDir Path temp;

  private Path executable(Path directory, String name) throws IOException {
    Files.createDirectories(directory);
    Path file = directory.resolve(name);
    Files.writeString(file, "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  @Test
  void namesTheDebianPackagesOfMissingTools() throws IOException {
    Path bin = temp.resolve("bin");
    Path usrBin = temp.resolve("usr-bin");
    for (String tool : List.of("gcc", "make", "bc", "perl", "tar", "patch")) {
      executable(bin, tool);
    }
    executable(usrBin, "flex");
    Path include = Files.createDirectories(temp.resolve("include"));

    List<String> missing = BuildTools.missingPackages(bin + ":" + usrBin + "::", List.of(include));

    assertThat(missing).containsExactly("bison", "xz-utils", "libelf-dev");
  }

  @Test
  void findsNothingMissingWhenEverythingIsThere() throws IOException {
    Path bin = temp.resolve("bin");
    for (BuildTools.Program program : BuildTools.PROGRAMS) {
      executable(bin, program.name());
    }
    Path include = Files.createDirectories(temp.resolve("include"));
    Files.writeString(include.resolve("libelf.h"), "");

    assertThat(BuildTools.missingPackages(bin.toString(), List.of(include))).isEmpty();
  }

  @Test
  void aFileThatIsNotExecutableDoesNotCount() throws IOException {
    Path bin = Files.createDirectories(temp.resolve("bin"));
    Files.writeString(bin.resolve("gcc"), "");

    assertThat(BuildTools.missingPackages(bin.toString(), List.of())).contains("gcc");
  }
}

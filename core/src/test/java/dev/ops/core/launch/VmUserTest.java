package dev.ops.core.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VmUserTest {

  @TempDir Path directory;

  @Test
  void theSpecIsWhatVmLeashTakesAndReadsBack() {
    VmUser user = new VmUser(200_001, 200_001, List.of(993, 994));

    assertThat(user.spec()).isEqualTo("200001:200001:993,994");
    assertThat(user.leashArguments()).containsExactly("--user", "200001:200001:993,994");
    assertThat(VmUser.parse(user.spec())).isEqualTo(user);
    assertThat(VmUser.parse("5:6")).isEqualTo(new VmUser(5, 6, List.of()));
  }

  @Test
  void rootAndMalformedSpecsAreRefused() {
    assertThatThrownBy(() -> VmUser.parse("0:0")).hasMessageContaining("must not be root");
    assertThatThrownBy(() -> VmUser.parse("5:x")).hasMessageContaining("UID:GID");
    assertThatThrownBy(() -> VmUser.parse("5:6:")).hasMessageContaining("UID:GID");
  }

  @Test
  void aFileIsReadableByEveryoneOnlyWhenEveryDirectoryAboveLetsThemPass() throws Exception {
    Path inner = Files.createDirectories(directory.resolve("a/b"));
    Path file = Files.writeString(inner.resolve("vmlinux"), "kernel");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx--x--x"));
    Files.setPosixFilePermissions(inner.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(inner, PosixFilePermissions.fromString("rwxr-xr-x"));
    boolean tmpPassable = VmUser.everyoneCanPass(directory.getParent());

    assertThat(VmUser.everyoneCanRead(file)).isEqualTo(tmpPassable);

    Files.setPosixFilePermissions(inner, PosixFilePermissions.fromString("rwx------"));
    assertThat(VmUser.everyoneCanRead(file)).isFalse();
  }
}

package dev.ops.core.kernel.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ops.core.OpsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelSourcePatchTest {

  private static final String PATCH =
      "Commentary before the first file header is skipped.\n"
          + "\n"
          + "--- a/mm/init.c\n"
          + "+++ b/mm/init.c\n"
          + "@@ -1,3 +1,3 @@\n"
          + " one\n"
          + "-poison\n"
          + "+no poison\n"
          + " three\n";

  @TempDir Path tree;

  private static KernelSourcePatch patch() {
    return KernelSourcePatch.of("test.patch", PATCH.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void changesTheTreeAsTheDiffSays() throws IOException {
    Path file = Files.createDirectories(tree.resolve("mm")).resolve("init.c");
    Files.writeString(file, "one\npoison\nthree\n");

    patch().applyTo(tree);

    assertThat(file).hasContent("one\nno poison\nthree\n");
    assertThat(tree.resolve("mm/init.c.orig")).as("no backup file left behind").doesNotExist();
  }

  @Test
  void failsNamingThePatchWhenTheSourceHasMovedOn() throws IOException {
    Path file = Files.createDirectories(tree.resolve("mm")).resolve("init.c");
    Files.writeString(file, "something\nelse\nentirely\n");

    assertThatThrownBy(() -> patch().applyTo(tree))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("test.patch")
        .hasMessageContaining("does not apply");
  }

  @Test
  void theBundledPatchIsOnTheClasspath() {
    assertThat(new String(KernelSourcePatch.bundled().bytes(), StandardCharsets.UTF_8))
        .contains("--- a/arch/x86/mm/init.c");
  }
}

package dev.ops.core.kernel.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ops.core.OpsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class KernelConfigFragmentTest {

  private static KernelConfigFragment fragment(String text) {
    return KernelConfigFragment.parse("test.config", text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsOptionsAndSkipsCommentsAndBlankLines() {
    KernelConfigFragment fragment =
        fragment(
            """
            # Why: the program needs threads.
            CONFIG_FUTEX=y

            # CONFIG_MODULES is not set
            CONFIG_PHYSICAL_START=0x200000
              CONFIG_CMDLINE="a b"
            """);

    assertThat(fragment.options())
        .containsExactly(
            new KconfigOption("CONFIG_FUTEX", "y"),
            new KconfigOption("CONFIG_MODULES", "n"),
            new KconfigOption("CONFIG_PHYSICAL_START", "0x200000"),
            new KconfigOption("CONFIG_CMDLINE", "\"a b\""));
  }

  @Test
  void refusesLinesThatAreNeitherOptionsNorComments() {
    assertThatThrownBy(() -> fragment("CONFIG_FUTEX=y\nFUTEX=y\n"))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("test.config, line 2")
        .hasMessageContaining("'FUTEX=y'");
  }

  @Test
  void refusesAnOptionSetTwice() {
    assertThatThrownBy(() -> fragment("CONFIG_SMP=y\n# CONFIG_SMP is not set\n"))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("CONFIG_SMP is set twice");
  }

  @Test
  void mergeReplacesTheBaseLinesOfTheFragmentsOptionsAndKeepsTheRest() {
    String base = "CONFIG_A=y\n# CONFIG_SMP is not set\nCONFIG_CC_OPTIMIZE_FOR_SIZE=y\n";

    String merged =
        fragment("CONFIG_SMP=y\n# CONFIG_CC_OPTIMIZE_FOR_SIZE is not set\n").mergeInto(base);

    assertThat(merged.lines())
        .contains("CONFIG_A=y", "CONFIG_SMP=y", "# CONFIG_CC_OPTIMIZE_FOR_SIZE is not set")
        .doesNotContain("# CONFIG_SMP is not set", "CONFIG_CC_OPTIMIZE_FOR_SIZE=y");
    assertThat(DotConfig.parse(merged).valueOf("CONFIG_SMP")).isEqualTo("y");
  }

  @Test
  void findsOptionsThatKconfigDroppedOrKeptOn() {
    KernelConfigFragment fragment =
        fragment(
            """
            CONFIG_VIRTIO_NET=y
            # CONFIG_CPU_FREQ is not set
            CONFIG_SERIAL_8250_RUNTIME_UARTS=4
            CONFIG_PHYSICAL_START=0x200000
            # CONFIG_SOUND is not set
            CONFIG_SMP=y
            """);
    DotConfig config =
        DotConfig.parse(
            """
            # CONFIG_VIRTIO_NET is not set
            CONFIG_CPU_FREQ=y
            CONFIG_SERIAL_8250_RUNTIME_UARTS=2
            CONFIG_PHYSICAL_START=0X200000
            CONFIG_SMP=y
            """);

    assertThat(fragment.mismatchesIn(config))
        .extracting(KernelConfigFragment.Mismatch::describe)
        .containsExactly(
            "CONFIG_VIRTIO_NET (asked y, got n)",
            "CONFIG_CPU_FREQ (asked n, got y)",
            "CONFIG_SERIAL_8250_RUNTIME_UARTS (asked 4, got 2)");
  }

  @Test
  void anOptionMissingFromTheConfigCountsAsOff() {
    KernelConfigFragment fragment = fragment("CONFIG_PVH=y\n# CONFIG_SOUND is not set\n");

    assertThatThrownBy(() -> fragment.requireSatisfiedBy(DotConfig.parse("CONFIG_SMP=y\n")))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("1 option(s)")
        .hasMessageContaining("CONFIG_PVH (asked y, got n)")
        .hasMessageNotContaining("CONFIG_SOUND")
        .satisfies(e -> assertThat(((OpsException) e).hint()).contains("Depends on"));
  }

  @Test
  void aConfigThatSetsEverythingAsAskedPasses() {
    KernelConfigFragment fragment = fragment("CONFIG_PVH=y\n# CONFIG_SOUND is not set\n");

    fragment.requireSatisfiedBy(DotConfig.parse("CONFIG_PVH=y\n# CONFIG_SOUND is not set\n"));
  }

  @Test
  void keepsTheExactBytesForTheCacheKey() {
    byte[] text = "# a comment\nCONFIG_SMP=y\n".getBytes(StandardCharsets.UTF_8);

    assertThat(KernelConfigFragment.parse("x", text).bytes()).isEqualTo(text);
  }

  @Test
  void aMissingResourceFailsWithWhatToDo() {
    assertThatThrownBy(() -> KernelConfigFragment.fromResource("no/such/fragment.config"))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("no/such/fragment.config is not on the classpath");
  }

  /** The fragment ops ships, checked for what issue 3 requires of the minimal kernel. */
  @Test
  void theShippedFragmentParsesAndAsksForWhatAOneProgramVmNeeds() {
    KernelConfigFragment shipped =
        KernelConfigFragment.read(Path.of("..", "kernel-config", "minimal.config"));
    DotConfig asked =
        DotConfig.parse(
            String.join(
                "\n", shipped.options().stream().map(KconfigOption::toConfigLine).toList()));

    assertThat(asked.valueOf("CONFIG_PVH")).isEqualTo("y");
    assertThat(asked.valueOf("CONFIG_X86_IOPL_IOPERM")).isEqualTo("y");
    assertThat(asked.valueOf("CONFIG_VIRTIO_MMIO_CMDLINE_DEVICES")).isEqualTo("y");
    assertThat(asked.valueOf("CONFIG_HW_RANDOM_VIRTIO")).isEqualTo("y");
    assertThat(asked.valueOf("CONFIG_MODULES")).isEqualTo("n");
    assertThat(Integer.parseInt(asked.valueOf("CONFIG_SERIAL_8250_RUNTIME_UARTS")))
        .isGreaterThanOrEqualTo(2);
  }
}

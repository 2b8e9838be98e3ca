package dev.ops.core.kernel.build;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DotConfigTest {

  private static final String CONFIG =
      """
      #
      # Automatically generated file; DO NOT EDIT.
      #
      CONFIG_SMP=y
      CONFIG_NR_CPUS=64
      CONFIG_LOCALVERSION=""
      # CONFIG_MODULES is not set
      CONFIG_EXT4_FS=m
      """;

  @Test
  void readsValuesAsKconfigWritesThem() {
    DotConfig config = DotConfig.parse(CONFIG);

    assertThat(config.valueOf("CONFIG_SMP")).isEqualTo("y");
    assertThat(config.valueOf("CONFIG_NR_CPUS")).isEqualTo("64");
    assertThat(config.valueOf("CONFIG_LOCALVERSION")).isEqualTo("\"\"");
    assertThat(config.valueOf("CONFIG_EXT4_FS")).isEqualTo("m");
  }

  @Test
  void notSetAndAbsentAreBothOff() {
    DotConfig config = DotConfig.parse(CONFIG);

    assertThat(config.valueOf("CONFIG_MODULES")).isEqualTo(KconfigOption.DISABLED);
    assertThat(config.valueOf("CONFIG_SOUND")).isEqualTo(KconfigOption.DISABLED);
  }

  @Test
  void countsTheOptionsThatAreOn() {
    assertThat(DotConfig.parse(CONFIG).enabledCount()).isEqualTo(1);
  }
}

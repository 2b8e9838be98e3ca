package dev.ops.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ops.core.OpsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MemorySizeTest {

  @ParameterizedTest(name = "{0} is {1} MiB")
  @CsvSource({
    "256m, 256",
    "1G, 1024",
    "512M, 512",
    "2048, 2048",
    "1g, 1024",
    "64MiB, 64",
    "'2 GB', 2048",
    "' 128m ', 128",
    "2097152k, 2048",
    "1t, 1048576"
  })
  void readsSizesAsUsersWriteThem(String text, int mib) {
    assertThat(MemorySize.parseMib(text)).isEqualTo(mib);
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"", "lots", "-1", "1.5g", "256x", "m", "256 m m", "0x100"})
  void rejectsJunkQuotingIt(String text) {
    assertThatThrownBy(() -> MemorySize.parseMib(text))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("'" + text + "' is not a memory size");
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"0", "0m", "512k"})
  void rejectsSizesBelowOneMebibyte(String text) {
    assertThatThrownBy(() -> MemorySize.parseMib(text))
        .isInstanceOf(OpsException.class)
        .satisfies(e -> assertThat(((OpsException) e).hint()).contains("at least 1 MiB"));
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"2t", "1048577", "99999999999999999999"})
  void rejectsSizesAboveOneTebibyte(String text) {
    assertThatThrownBy(() -> MemorySize.parseMib(text)).isInstanceOf(OpsException.class);
  }

  @Test
  void rejectsSizesWhoseMultiplicationOverflows() {
    assertThatThrownBy(() -> MemorySize.parseMib("18014398509481985g"))
        .isInstanceOf(OpsException.class);
  }
}

package dev.ops.core.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ops.core.OpsException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PackageNameTest {

  @Test
  void aNameAloneMeansTheLatestVersion() {
    PackageName name = PackageName.parse("nodejs");

    assertThat(name.name()).isEqualTo("nodejs");
    assertThat(name.isLatest()).isTrue();
  }

  @Test
  void readsNameAndVersion() {
    assertThat(PackageName.parse("php-cli:8.2")).isEqualTo(new PackageName("php-cli", "8.2"));
    assertThat(PackageName.parse("python3:3.11.2").toString()).isEqualTo("python3:3.11.2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Node", "../etc", "a..b", "a/b", "", "-x", "x:", "x:.1", "x:a/b"})
  void refusesNamesAndVersionsARegistryWouldNot(String text) {
    assertThatThrownBy(() -> PackageName.parse(text)).isInstanceOf(OpsException.class);
  }

  @Test
  void ordersVersionsAsPeopleReadThem() {
    List<String> versions =
        new ArrayList<>(List.of("3.9.18", "3.11.2", "20.1", "9.0", "1.0-beta", "1.0.1", "1.0"));

    versions.sort(VersionOrder.INSTANCE);

    assertThat(versions)
        .containsExactly("1.0", "1.0-beta", "1.0.1", "3.9.18", "3.11.2", "9.0", "20.1");
  }

  @Test
  void leadingZerosDoNotChangeANumber() {
    assertThat(VersionOrder.INSTANCE.compare("1.010", "1.10")).isZero();
    assertThat(VersionOrder.INSTANCE.compare("1.9", "1.010")).isNegative();
  }
}

package dev.ops.core.debian;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading what apt-cache prints, as apt 2.6 (Debian 12) prints it. */
class AptOutputTest {

  @Test
  void takesDependsAndPreDependsInOrder() {
    String output =
        """
        python3
          PreDepends: python3-minimal
          Depends: python3.11
          Depends: libpython3-stdlib
        """;

    assertThat(AptDependencies.parse(output))
        .containsExactly(
            Map.entry(
                "python3",
                java.util.List.of("python3-minimal", "python3.11", "libpython3-stdlib")));
  }

  @Test
  void takesTheFirstAlternativeAndAProviderForAVirtualPackage() {
    String output =
        """
        ucf
         |Depends: debconf
          Depends: <debconf-2.0>
            cdebconf
            debconf
          Depends: sensible-utils
        php8.2-cli
          Depends: <phpapi-20220829>
            php8.2-common
          Depends: mime-support:any
        """;

    Map<String, java.util.List<String>> needs = AptDependencies.parse(output);

    assertThat(needs.get("ucf")).containsExactly("debconf", "sensible-utils");
    assertThat(needs.get("php8.2-cli")).containsExactly("php8.2-common", "mime-support");
  }

  @Test
  void aVirtualPackageWithoutProviderIsPassedOver() {
    String output =
        """
        tool
          Depends: <nothing-provides-this>
          Depends: libc6
        """;

    assertThat(AptDependencies.parse(output).get("tool")).containsExactly("libc6");
  }

  @Test
  void readsVersionPriorityAndSummary() {
    String output =
        """
        Package: nodejs
        Version: 18.20.4+dfsg-1~deb12u3
        Priority: optional
        Description: evented I/O for V8 javascript - runtime executable
         Node.js is a platform built on Chrome's JavaScript runtime.

        Package: tzdata
        Version: 2025b-0+deb12u1
        Priority: required
        Description: time zone and daylight-saving time data
        """;

    Map<String, AptPackageInfo> packages = AptPackageInfo.parse(output);

    assertThat(packages.get("nodejs").summary())
        .isEqualTo("evented I/O for V8 javascript - runtime executable");
    assertThat(packages.get("nodejs").upstreamVersion()).isEqualTo("18.20.4");
    assertThat(packages.get("nodejs").isBaseSystem()).isFalse();
    assertThat(packages.get("tzdata").isBaseSystem()).isTrue();
  }

  @Test
  void upstreamVersionDropsEpochRevisionAndRepackMarks() {
    assertThat(info("2:8.2+93").upstreamVersion()).isEqualTo("8.2");
    assertThat(info("3.11.2-1+b1").upstreamVersion()).isEqualTo("3.11.2");
    assertThat(info("1.2.13.dfsg-1").upstreamVersion()).isEqualTo("1.2.13.dfsg");
  }

  private static AptPackageInfo info(String version) {
    return new AptPackageInfo("x", version, "optional", "");
  }
}

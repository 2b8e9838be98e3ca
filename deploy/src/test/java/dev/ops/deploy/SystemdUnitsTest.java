package dev.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The systemd units under deploy/systemd are valid units, and each starts its service the way
 * docs/deploy.md installs it: from /opt/ops/SERVICE, configured by /etc/ops/SERVICE.properties, as
 * its own user, restarted on failure. The build machine has no systemd to run them.
 */
class SystemdUnitsTest {

  private static final Path UNITS = Path.of("systemd");
  private static final Path EXAMPLES = Path.of("hosts");

  @ParameterizedTest
  @ValueSource(strings = {"registry", "builder", "runner"})
  void theUnitIsValidAndMatchesTheDocumentedLayout(String service) throws Exception {
    Path unit = UNITS.resolve("ops-" + service + ".service");

    assertThat(verify(unit)).as("systemd-analyze verify " + unit).isEmpty();
    List<String> lines = Files.readAllLines(unit);
    assertThat(lines)
        .contains(
            "User=ops-" + service,
            "Restart=on-failure",
            "StateDirectory=ops-" + service,
            "Environment=QUARKUS_CONFIG_LOCATIONS=/etc/ops/" + service + ".properties",
            "EnvironmentFile=-/etc/ops/" + service + ".env");
    assertThat(lines)
        .anyMatch(
            line ->
                line.matches(
                    "ExecStart=/usr/bin/java .*-jar /opt/ops/" + service + "/quarkus-run.jar"));
    assertThat(EXAMPLES.resolve(service + ".properties")).isRegularFile();
  }

  @Test
  void theRunnersVmsOutliveItsRestartAndReachKvm() throws IOException {
    List<String> lines = Files.readAllLines(UNITS.resolve("ops-runner.service"));

    assertThat(lines)
        .contains("KillMode=process", "SupplementaryGroups=kvm", "DeviceAllow=/dev/kvm rw");
  }

  /** What systemd-analyze says is wrong with the unit; empty when nothing. */
  private static String verify(Path unit) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder("systemd-analyze", "verify", unit.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return process.exitValue() == 0
        ? output.strip()
        : "exit " + process.exitValue() + ": " + output;
  }
}

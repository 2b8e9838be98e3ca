package dev.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Background instances: create, list, logs, stop, rm, and images around them. */
@Tag("vm")
class InstanceIT {

  @TempDir Path work;

  @Test
  void instanceRoundTripFromCreateToRemove() {
    Path home = work.resolve("home");
    Path program = TestPrograms.compile("sigterm.c", work);
    assertThat(OpsProcess.run(home, work, "build", program.toString(), "-i", "waiter").exitCode())
        .isZero();

    OpsProcess.Result created =
        OpsProcess.run(home, work, "instance", "create", "waiter", "--name", "w1");
    assertThat(created.exitCode()).as(created.stderr()).isZero();
    assertThat(created.stdout().strip()).isEqualTo("w1");

    assertThat(OpsProcess.run(home, work, "instance", "list").stdout())
        .containsPattern("w1\\s+waiter\\s+running");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> OpsProcess.run(home, work, "instance", "logs", "w1").stdout().contains("ready"));

    OpsProcess.Result stopped = OpsProcess.run(home, work, "instance", "stop", "w1");
    assertThat(stopped.stdout()).contains("w1 stopped");
    assertThat(OpsProcess.run(home, work, "instance", "logs", "w1").stdout())
        .contains("got SIGTERM, cleaning up");
    assertThat(OpsProcess.run(home, work, "instance", "list", "--json").stdout())
        .contains("\"exitStatus\" : 7");

    assertThat(OpsProcess.run(home, work, "instance", "rm", "w1").exitCode()).isZero();
    assertThat(OpsProcess.run(home, work, "instance", "list").stdout()).doesNotContain("w1");
  }

  @Test
  void removingARunningInstanceNeedsForce() {
    Path home = work.resolve("home");
    Path program = TestPrograms.compile("sigterm.c", work);
    OpsProcess.run(home, work, "build", program.toString(), "-i", "waiter");
    OpsProcess.run(home, work, "instance", "create", "waiter", "--name", "w2");

    OpsProcess.Result refused = OpsProcess.run(home, work, "instance", "rm", "w2");
    OpsProcess.Result forced = OpsProcess.run(home, work, "instance", "rm", "--force", "w2");

    assertThat(refused.exitCode()).isEqualTo(125);
    assertThat(refused.stderr()).contains("still running");
    assertThat(forced.exitCode()).isZero();
  }

  @Test
  void imagesAreListedAndRemoved() {
    Path home = work.resolve("home");
    Path program = TestPrograms.compile("exit3.c", work, "-static");
    OpsProcess.run(home, work, "build", program.toString(), "-i", "one");
    OpsProcess.run(home, work, "build", program.toString(), "-i", "two");

    assertThat(OpsProcess.run(home, work, "image", "list").stdout()).contains("one", "two");
    assertThat(OpsProcess.run(home, work, "image", "rm", "one").exitCode()).isZero();
    assertThat(OpsProcess.run(home, work, "image", "list").stdout())
        .doesNotContain("one ")
        .contains("two");
    assertThat(OpsProcess.run(home, work, "run", "--help").exitCode()).isZero();
  }

  @Test
  void sameInputsBuildTheSameImageDigest() {
    Path program = TestPrograms.compile("argsenv.c", work);

    String first =
        OpsProcess.run(
                work.resolve("home-a"), work, "build", program.toString(), "-a", "x", "-e", "A=1")
            .stdout();
    String second =
        OpsProcess.run(
                work.resolve("home-b"), work, "build", program.toString(), "-a", "x", "-e", "A=1")
            .stdout();

    assertThat(first).startsWith("argsenv sha256:").isEqualTo(second);
  }
}

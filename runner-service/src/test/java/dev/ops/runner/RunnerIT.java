package dev.ops.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ops.core.kernel.Kernel;
import dev.ops.core.registry.ImageReference;
import dev.ops.events.instance.InstanceExited;
import dev.ops.events.instance.InstanceFailed;
import dev.ops.events.instance.InstanceRunning;
import dev.ops.events.instance.InstanceScheduled;
import dev.ops.events.instance.LaunchRequested;
import dev.ops.events.instance.RestartPolicy;
import dev.ops.events.instance.StopRequested;
import dev.ops.runner.testing.Programs;
import dev.ops.runner.testing.RunnerFleet;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** One runner, real VMs under TCG: launches go through every phase and end as they should. */
@Tag("vm")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunnerIT {

  private RunnerFleet fleet;
  private Runner runner;

  @BeforeAll
  void startFleet() {
    fleet = RunnerFleet.start();
    runner = fleet.runner(fleet.settings("runner-1"));
  }

  @AfterAll
  void stopFleet() {
    fleet.close();
  }

  @Test
  void launchGoesToRunningThenExitedWithTheProgramsStatusAndConsole() {
    ImageReference image = fleet.images.push("exits-3", Programs.EXITS_3, Kernel.MINIMAL);

    String id = fleet.launch(image, RestartPolicy.NO, null);

    InstanceExited exited = fleet.log.await(id, InstanceExited.class);
    assertThat(exited.status()).isEqualTo(3);
    assertThat(exited.stopRequested()).isFalse();
    assertThat(exited.runnerId()).isEqualTo("runner-1");
    assertThat(fleet.log.phases(id))
        .as("the lifecycle, in order")
        .containsSubsequence("scheduled", "pulling", "starting", "running", "exited");
    assertThat(fleet.log.programLines(id)).containsExactly("first line", "second line");
    assertThat(fleet.log.await(id, InstanceRunning.class).bootMillis()).isPositive();
  }

  @Test
  void aLaunchDeliveredTwiceStartsOneVm() {
    ImageReference image =
        fleet.images.push("serves-twice", Programs.SERVES_UNTIL_TERM, Kernel.MINIMAL);
    String id = "i-twice-" + System.nanoTime();
    LaunchRequested launch = fleet.launchOf(id, image, RestartPolicy.NO, null);

    fleet.publish(launch);
    fleet.publish(launch);
    fleet.log.await(id, InstanceRunning.class);
    fleet.publish(launch);

    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> fleet.log.of(id, InstanceScheduled.class).size() == 1);
    assertThat(fleet.log.of(id, InstanceRunning.class)).hasSize(1);
    assertThat(fleet.supervisors("runner-1").size())
        .as("one VM supervisor for the instance")
        .isEqualTo(runner.hosted().stream().filter(h -> h.holdsVm()).count());
    fleet.publish(new StopRequested(id, 5, "test"));
    fleet.log.await(id, InstanceExited.class);
  }

  @Test
  void stopIsGracefulTheProgramGetsSigtermAndItsGoodbyeIsPublished() {
    ImageReference image = fleet.images.push("serves", Programs.SERVES_UNTIL_TERM, Kernel.MINIMAL);
    String id = fleet.launch(image, RestartPolicy.ALWAYS, null);
    fleet.log.await(id, InstanceRunning.class);

    fleet.publish(new StopRequested(id, 10, "test"));

    InstanceExited exited = fleet.log.await(id, InstanceExited.class);
    assertThat(exited.stopRequested()).isTrue();
    assertThat(exited.status()).as("the program's own exit after SIGTERM").isZero();
    assertThat(fleet.log.programLines(id)).containsExactly("serving", "bye");
    assertThat(fleet.log.phases(id)).containsSubsequence("running", "stopping", "exited");
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> fleet.log.of(id, InstanceScheduled.class).size() == 1);
  }

  @Test
  void aFailingProgramIsRestartedOnFailureUpToItsLimit() {
    ImageReference image = fleet.images.push("fails", Programs.FAILS, Kernel.MINIMAL);

    String id = fleet.launch(image, RestartPolicy.onFailure(2), null);

    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> fleet.log.of(id, InstanceExited.class).size() == 3);
    await()
        .during(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(6))
        .until(() -> fleet.log.of(id, InstanceScheduled.class).size() == 3);
    assertThat(fleet.log.of(id, InstanceScheduled.class))
        .extracting(InstanceScheduled::attempt)
        .containsExactly(1, 2, 3);
    assertThat(fleet.log.of(id, InstanceExited.class))
        .extracting(InstanceExited::status)
        .containsOnly(1);
  }

  @Test
  void aKernelPanicIsReportedFailedWithTheConsoleTail() {
    ImageReference image = fleet.images.push("panics", Programs.PANICS, Kernel.STOCK);
    String id = "i-panic-" + System.nanoTime();
    LaunchRequested launch = fleet.launchOf(id, image, RestartPolicy.NO, null);
    fleet.publish(
        new LaunchRequested(
            id,
            null,
            launch.image(),
            launch.imageDigest(),
            256,
            1,
            launch.ports(),
            RestartPolicy.NO,
            null,
            "runner-test"));

    InstanceFailed failed = fleet.log.await(id, InstanceFailed.class);

    assertThat(failed.runnerId()).isEqualTo("runner-1");
    assertThat(String.join("\n", failed.consoleTail()))
        .contains("Kernel panic - not syncing: sysrq triggered crash");
    assertThat(failed.reason()).isNotBlank();
  }
}

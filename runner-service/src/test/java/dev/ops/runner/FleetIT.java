package dev.ops.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ops.core.kernel.Kernel;
import dev.ops.core.registry.ImageReference;
import dev.ops.events.instance.InstanceExited;
import dev.ops.events.instance.InstanceLost;
import dev.ops.events.instance.InstanceRemoved;
import dev.ops.events.instance.InstanceRunning;
import dev.ops.events.instance.InstanceScheduled;
import dev.ops.events.instance.InstanceWaiting;
import dev.ops.events.instance.Placement;
import dev.ops.events.instance.RemoveRequested;
import dev.ops.events.instance.RestartPolicy;
import dev.ops.events.instance.StopRequested;
import dev.ops.events.runner.DrainRequested;
import dev.ops.events.runner.RunnerHeartbeat;
import dev.ops.runner.testing.Programs;
import dev.ops.runner.testing.RunnerFleet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Several runners on one broker, real VMs under TCG: they share launches within their capacity, and
 * survive a runner's restart or loss without losing or doubling an instance.
 */
@Tag("vm")
class FleetIT {

  private RunnerFleet fleet;
  private ImageReference serves;

  @BeforeEach
  void startFleet() {
    fleet = RunnerFleet.start();
    serves = fleet.images.push("serves", Programs.SERVES_UNTIL_TERM, Kernel.MINIMAL);
  }

  @AfterEach
  void stopFleet() {
    fleet.close();
  }

  @Test
  void twoRunnersShareLaunchesAndALaunchWaitsWhenBothAreFull() {
    fleet.runner(fleet.settings("small-a").withCapacity(1, 256));
    fleet.runner(fleet.settings("small-b").withCapacity(1, 256));
    await().until(() -> fleet.log.of(null, RunnerHeartbeat.class).size() >= 2);

    String first = fleet.launch(serves, RestartPolicy.NO, null);
    String second = fleet.launch(serves, RestartPolicy.NO, null);
    String runners =
        fleet.log.await(first, InstanceRunning.class).runnerId()
            + ","
            + fleet.log.await(second, InstanceRunning.class).runnerId();
    assertThat(runners).as("one on each").isIn("small-a,small-b", "small-b,small-a");

    String third = fleet.launch(serves, RestartPolicy.NO, null);
    InstanceWaiting waiting = fleet.log.await(third, InstanceWaiting.class);
    assertThat(waiting.reason()).contains("1 vCPU and 64 MiB").contains("all full");

    fleet.publish(new StopRequested(first, 5, "test"));
    InstanceRunning moved = fleet.log.await(third, InstanceRunning.class);
    assertThat(moved.runnerId())
        .isEqualTo(fleet.log.await(first, InstanceRunning.class).runnerId());

    fleet.publish(new RemoveRequested(second, "test"));
    fleet.log.await(second, InstanceRemoved.class);
    fleet.publish(new StopRequested(third, 5, "test"));
    fleet.log.await(third, InstanceExited.class);
  }

  @Test
  void aRunnerKilledAndStartedAgainFindsItsVmStillRunning() throws Exception {
    Process runner = fleet.runnerProcess("phoenix");
    String id = fleet.launch(serves, RestartPolicy.NO, null);
    fleet.log.await(id, InstanceRunning.class);
    List<ProcessHandle> before = fleet.supervisors("phoenix");
    assertThat(before).hasSize(1);

    runner.destroyForcibly().waitFor();
    assertThat(before.get(0).isAlive()).as("the VM outlives its runner").isTrue();
    fleet.runnerProcess("phoenix");

    fleet.publish(new StopRequested(id, 10, "test"));
    InstanceExited exited = fleet.log.await(id, InstanceExited.class);
    assertThat(exited.runnerId()).isEqualTo("phoenix");
    assertThat(exited.status()).isZero();
    assertThat(fleet.log.programLines(id)).containsExactly("serving", "bye");
    assertThat(fleet.log.of(id, InstanceLost.class)).isEmpty();
    assertThat(fleet.log.of(id, InstanceScheduled.class)).hasSize(1);
  }

  @Test
  void aSilentRunnersInstancesAreLostAndAnAlwaysInstanceMovesToAnotherRunner() throws Exception {
    Process doomed = fleet.runnerProcess("doomed");
    String always = fleet.launch(serves, RestartPolicy.ALWAYS, new Placement(null, Map.of()));
    String once = fleet.launch(serves, RestartPolicy.NO, null);
    assertThat(fleet.log.await(always, InstanceRunning.class).runnerId()).isEqualTo("doomed");
    assertThat(fleet.log.await(once, InstanceRunning.class).runnerId()).isEqualTo("doomed");
    fleet.runner(fleet.settings("survivor"));

    // The whole host goes: the runner and the VMs it supervises.
    doomed.destroyForcibly().waitFor();
    fleet.supervisors("doomed").forEach(ProcessHandle::destroyForcibly);

    InstanceLost lost = fleet.log.await(always, InstanceLost.class);
    assertThat(lost.runnerId()).isEqualTo("doomed");
    assertThat(lost.reason()).contains("sent no heartbeat");
    fleet.log.await(once, InstanceLost.class);
    InstanceRunning relaunched =
        fleet.log.await(always, InstanceRunning.class, r -> r.runnerId().equals("survivor"));
    assertThat(relaunched.runnerId()).isEqualTo("survivor");
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(6))
        .until(() -> fleet.log.of(once, InstanceScheduled.class).size() == 1);
    assertThat(fleet.log.of(always, InstanceScheduled.class))
        .extracting(InstanceScheduled::attempt)
        .containsExactly(1, 2);
  }

  @Test
  void aDrainedRunnerStopsItsVmsMovesTheAlwaysOnesAndTakesNoLaunchUntilResumed() {
    fleet.runner(fleet.settings("leaving"));
    String always = fleet.launch(serves, RestartPolicy.ALWAYS, null);
    String once = fleet.launch(serves, RestartPolicy.NO, null);
    assertThat(fleet.log.await(always, InstanceRunning.class).runnerId()).isEqualTo("leaving");
    assertThat(fleet.log.await(once, InstanceRunning.class).runnerId()).isEqualTo("leaving");
    fleet.runner(fleet.settings("staying"));
    fleet.log.await(null, RunnerHeartbeat.class, h -> h.runnerId().equals("staying"));

    fleet.publish(new DrainRequested("leaving", true, "test"));

    InstanceExited stopped = fleet.log.await(once, InstanceExited.class);
    assertThat(stopped.stopRequested()).as("drained, not stopped by a user").isFalse();
    assertThat(fleet.log.programLines(once)).containsExactly("serving", "bye");
    InstanceRunning moved =
        fleet.log.await(always, InstanceRunning.class, r -> r.runnerId().equals("staying"));
    assertThat(moved.runnerId()).isEqualTo("staying");
    fleet.log.await(
        null,
        RunnerHeartbeat.class,
        h -> h.runnerId().equals("leaving") && h.instances().isEmpty());
    assertThat(fleet.workDirectory("leaving").resolve("draining")).exists();

    String later = fleet.launch(serves, RestartPolicy.NO, null);
    assertThat(fleet.log.await(later, InstanceRunning.class).runnerId()).isEqualTo("staying");
    String pinned = fleet.launch(serves, RestartPolicy.NO, new Placement("leaving", Map.of()));
    fleet.log.await(pinned, InstanceWaiting.class);
    assertThat(fleet.log.of(once, InstanceScheduled.class)).as("a 'no' stays ended").hasSize(1);

    fleet.publish(new DrainRequested("leaving", false, "test"));
    assertThat(fleet.log.await(pinned, InstanceRunning.class).runnerId()).isEqualTo("leaving");
    await().until(() -> !fleet.workDirectory("leaving").resolve("draining").toFile().exists());
  }
}

package dev.ops.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ops.core.instance.InstanceStore;
import dev.ops.core.kernel.Kernel;
import dev.ops.core.registry.ImageReference;
import dev.ops.events.instance.InstanceExited;
import dev.ops.events.instance.InstanceFailed;
import dev.ops.events.instance.InstanceRunning;
import dev.ops.events.instance.InstanceScheduled;
import dev.ops.events.instance.LaunchRequested;
import dev.ops.events.instance.PortMapping;
import dev.ops.events.instance.RestartPolicy;
import dev.ops.events.instance.StopRequested;
import dev.ops.runner.host.HostedInstance;
import dev.ops.runner.host.VmUsers;
import dev.ops.runner.testing.Programs;
import dev.ops.runner.testing.RunnerFleet;
import java.time.Duration;
import java.util.List;
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
    String id = runningAlways("serves", Programs.SERVES_UNTIL_TERM);

    InstanceExited exited = stop(id, 10);

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
    fleet.publish(fleet.launchOf(id, image, RestartPolicy.NO, null, 256, List.of()));

    InstanceFailed failed = fleet.log.await(id, InstanceFailed.class);

    assertThat(failed.runnerId()).isEqualTo("runner-1");
    assertThat(String.join("\n", failed.consoleTail()))
        .contains("Kernel panic - not syncing: sysrq triggered crash");
    assertThat(failed.reason()).isNotBlank();
  }

  @Test
  void aProgramThatIgnoresSigtermIsKilledWhenTheStopTimeoutEnds() {
    String id = runningAlways("stubborn", Programs.IGNORES_TERM);

    InstanceExited exited = stop(id, 2);

    assertThat(exited.status()).isNotZero();
    assertThat(fleet.supervisors("runner-1"))
        .as("no supervisor is left behind")
        .noneMatch(
            p -> p.info().arguments().map(a -> String.join(" ", a).contains(id)).orElse(false));
  }

  @Test
  void aForwardedPortAnswersOnTheRunnersHost() throws Exception {
    ImageReference image = fleet.images.push("pongs", Programs.PONGS, Kernel.MINIMAL);
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    String id = "i-pong-" + System.nanoTime();
    PortMapping forward = new PortMapping("127.0.0.1", port, 7000);
    fleet.publish(fleet.launchOf(id, image, RestartPolicy.NO, null, 64, List.of(forward)));

    InstanceRunning running = fleet.log.await(id, InstanceRunning.class);
    assertThat(running.ports()).extracting(p -> p.hostPort()).containsExactly(port);
    int answerPort = port;
    String answer =
        await()
            .atMost(Duration.ofSeconds(60))
            .ignoreExceptions()
            .until(() -> ask("127.0.0.1", answerPort), "pong"::equals);
    assertThat(answer).isEqualTo("pong");
    await().until(() -> fleet.log.programLines(id).contains("answered"));
    fleet.publish(new StopRequested(id, 2, "test"));
    fleet.log.await(id, InstanceExited.class);
  }

  @Test
  void eachVmsQemuRunsAsAnUnprivilegedUserOfItsOwn() throws Exception {
    assumeTrue(VmUsers.runningAsRoot(), "only a root runner hands out users");
    ImageReference image = fleet.images.push("serves-users", Programs.SERVES_UNTIL_TERM, "minimal");
    String first = fleet.launch(image, RestartPolicy.NO, null);
    String second = fleet.launch(image, RestartPolicy.NO, null);
    fleet.log.await(first, InstanceRunning.class);
    fleet.log.await(second, InstanceRunning.class);

    int firstUid = uidOf(qemuOf(first).pid());
    int secondUid = uidOf(qemuOf(second).pid());

    assertThat(firstUid).isGreaterThanOrEqualTo(VmUsers.DEFAULT_UID_BASE);
    assertThat(secondUid).isGreaterThanOrEqualTo(VmUsers.DEFAULT_UID_BASE).isNotEqualTo(firstUid);
    assertThat(runner.hosted())
        .filteredOn(h -> h.instanceId().equals(first))
        .extracting(HostedInstance::vmUid)
        .containsExactly(firstUid);
    stop(first, 5);
    stop(second, 5);
    assertThat(fleet.log.programLines(first)).containsExactly("serving", "bye");
  }

  /** The QEMU process of a running instance: the child of its supervisor. */
  private ProcessHandle qemuOf(String instanceId) {
    InstanceStore store =
        new InstanceStore(fleet.workDirectory("runner-1").resolve("home").resolve("instances"));
    long supervisor = store.find(instanceId).orElseThrow().supervisorPid();
    return ProcessHandle.of(supervisor)
        .orElseThrow()
        .descendants()
        .filter(p -> p.info().command().map(c -> c.contains("qemu-system")).orElse(false))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no QEMU under the supervisor of " + instanceId));
  }

  /** The real user id of a process, from /proc. */
  private static int uidOf(long pid) throws java.io.IOException {
    for (String line :
        java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("Uid:")) {
        return Integer.parseInt(line.split("\\s+")[1]);
      }
    }
    throw new AssertionError("no Uid line for process " + pid);
  }

  /** An instance of {@code program} with restart policy always, once it runs. */
  private String runningAlways(String name, String program) {
    ImageReference image = fleet.images.push(name, program, Kernel.MINIMAL);
    String id = fleet.launch(image, RestartPolicy.ALWAYS, null);
    fleet.log.await(id, InstanceRunning.class);
    return id;
  }

  /** Asks for a stop and returns the exit it ends in. */
  private InstanceExited stop(String id, int timeoutSeconds) {
    fleet.publish(new StopRequested(id, timeoutSeconds, "test"));
    InstanceExited exited = fleet.log.await(id, InstanceExited.class);
    assertThat(exited.stopRequested()).isTrue();
    return exited;
  }

  private static String ask(String host, int port) throws java.io.IOException {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress(host, port), 1000);
      socket.setSoTimeout(2000);
      return new String(
              socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
          .strip();
    }
  }
}

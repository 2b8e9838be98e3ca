package dev.ops.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ops.core.kernel.Kernel;
import dev.ops.core.registry.ImageReference;
import dev.ops.events.instance.InstanceLost;
import dev.ops.events.instance.InstanceRunning;
import dev.ops.events.instance.InstanceScheduled;
import dev.ops.events.instance.Placement;
import dev.ops.events.instance.RestartPolicy;
import dev.ops.events.runner.RunnerHeartbeat;
import dev.ops.runner.testing.HostNetwork;
import dev.ops.runner.testing.HostNetwork.Host;
import dev.ops.runner.testing.Programs;
import dev.ops.runner.testing.RunnerFleet;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two runners on hosts of their own (network namespaces of this machine, {@link HostNetwork}) share
 * launches from one broker in the root namespace. One host's link goes down: its instances are
 * reported lost, the {@code always} one runs again on the other host and the {@code no} one stays
 * lost. The link comes back: the returning runner kills its own, superseded VMs, takes its share of
 * the launches again, and every instance runs exactly once. Needs root; real VMs under TCG.
 */
@Tag("vm")
class MultiHostIT {

  private static final System.Logger LOG = System.getLogger(MultiHostIT.class.getName());
  private static final String ISOLATED = "isolated";
  private static final String STEADY = "steady";

  /** What a busy 2-core machine adds to the configured times before a reaction shows. */
  private static final Duration SLACK = Duration.ofSeconds(15);

  /**
   * How long the Kafka clients of a runner whose link came back may take to notice: requests in
   * flight time out after 30 s (request.timeout.ms) and TCP's retransmissions back off meanwhile.
   */
  private static final Duration RECONNECT_WAIT = Duration.ofSeconds(150);

  private static HostNetwork network;
  private static RunnerFleet fleet;
  private static ImageReference serves;

  /** The configured times of every runner here (RunnerProcessMain uses the same settings). */
  private final RunnerSettings timings = fleet.settings(ISOLATED);

  private String always;
  private String once;
  private String bystander;

  @BeforeAll
  static void startFleetOnTwoHosts() {
    network = HostNetwork.create(List.of(ISOLATED, STEADY));
    fleet = RunnerFleet.start(network.hostAddress());
    serves = fleet.images.push("serves", Programs.SERVES_UNTIL_TERM, Kernel.MINIMAL);
  }

  @AfterAll
  static void removeEverything() {
    // The runners and their VMs first: a namespace lives on while a process runs in it.
    try {
      if (fleet != null) {
        fleet.close();
      }
    } finally {
      if (network != null) {
        network.close();
      }
    }
  }

  @Test
  void aHostCutOffLosesItsInstancesToTheOtherAndRunsNoDuplicateWhenItReturns() {
    long started = System.nanoTime();
    launchOnBothHosts();
    List<ProcessHandle> isolatedVms = fleet.supervisors(ISOLATED);
    assertThat(isolatedVms).as("VMs on the host to be cut off").hasSize(2);

    long cut = System.nanoTime();
    network.cutOff(network.host(ISOLATED));
    Duration toLost = awaitLost(cut);
    fleet.log.await(always, InstanceRunning.class, r -> r.runnerId().equals(STEADY));
    Duration toRunningElsewhere = since(cut);
    assertThat(isolatedVms)
        .as("a host cut off cannot know: its VMs run on until it hears the fleet again")
        .allMatch(ProcessHandle::isAlive);

    long back = System.nanoTime();
    network.reconnect(network.host(ISOLATED));
    await("the returning runner's own VMs killed")
        .atMost(RECONNECT_WAIT)
        .until(() -> isolatedVms.stream().noneMatch(ProcessHandle::isAlive));
    Duration toSupersededKilled = since(back);
    awaitReturningRunnerBackInService();
    assertEveryInstanceRunsOnceForAWhile();
    assertNothingWasPlacedTwice();

    LOG.log(
        Level.INFO,
        "multi-host: link down to lost {0} ms, to running elsewhere {1} ms; link up to superseded"
            + " VMs killed {2} ms; whole test {3} s",
        toLost.toMillis(),
        toRunningElsewhere.toMillis(),
        toSupersededKilled.toMillis(),
        since(started).toSeconds());
  }

  /** Two instances on the host to be cut off (alone at first), a third pinned to the other. */
  private void launchOnBothHosts() {
    startRunnerOn(network.host(ISOLATED));
    always = fleet.launch(serves, RestartPolicy.ALWAYS, new Placement(null, Map.of()));
    once = fleet.launch(serves, RestartPolicy.NO, null);
    awaitRunningOn(always, ISOLATED);
    awaitRunningOn(once, ISOLATED);
    startRunnerOn(network.host(STEADY));
    bystander = fleet.launch(serves, RestartPolicy.ALWAYS, new Placement(STEADY, Map.of()));
    awaitRunningOn(bystander, STEADY);
  }

  /** Waits for both of the cut-off host's instances to be reported lost; returns the first's. */
  private Duration awaitLost(long cut) {
    InstanceLost lost = fleet.log.await(always, InstanceLost.class);
    Duration toLost = since(cut);
    assertThat(lost.runnerId()).isEqualTo(ISOLATED);
    assertThat(lost.reason()).contains("sent no heartbeat");
    assertThat(toLost)
        .as(
            "link down to lost: lost-after, or the group's session timeout when the cut-off runner"
                + " was the caretaker, plus the machine's slowness")
        .isLessThan(timings.lostAfter().plus(timings.sessionTimeout()).plus(SLACK));
    assertThat(fleet.log.await(once, InstanceLost.class).runnerId()).isEqualTo(ISOLATED);
    return toLost;
  }

  /** It heard the fleet again: it holds nothing now, and takes its share of launches. */
  private void awaitReturningRunnerBackInService() {
    await("a heartbeat of the returning runner that holds nothing")
        .atMost(RECONNECT_WAIT)
        .until(() -> latestHeartbeat(ISOLATED).instances().isEmpty());
    await("both runners sharing the launch requests again")
        .atMost(RECONNECT_WAIT)
        .until(() -> runnersWithLaunchPartitions().equals(Set.of(ISOLATED, STEADY)));
  }

  /**
   * From now on, for longer than lost-after: had either runner judged the other by a stale view, it
   * would have acted within that time.
   */
  private void assertEveryInstanceRunsOnceForAWhile() {
    Duration settle = timings.lostAfter().plus(timings.heartbeatInterval().multipliedBy(2));
    await("every instance running exactly once, for " + settle)
        .during(settle)
        .atMost(settle.plus(Duration.ofSeconds(5)))
        .untilAsserted(this::assertEachRunsOnceWhereItShould);
  }

  /** VMs counted from the QEMU processes and from each runner's latest heartbeat. */
  private void assertEachRunsOnceWhereItShould() {
    assertThat(fleet.vms(ISOLATED)).as("VMs on " + ISOLATED).isEmpty();
    assertThat(fleet.vms(STEADY))
        .as("VMs on " + STEADY)
        .containsExactlyInAnyOrder(always, bystander);
    assertThat(latestHeartbeat(ISOLATED).instances()).as(ISOLATED + "'s heartbeat").isEmpty();
    assertThat(latestHeartbeat(STEADY).instances())
        .as(STEADY + "'s heartbeat")
        .containsExactlyInAnyOrder(always, bystander);
  }

  private void assertNothingWasPlacedTwice() {
    assertThat(fleet.log.of(bystander, InstanceLost.class))
        .as("the other host's instance reported lost")
        .isEmpty();
    assertThat(attempts(bystander)).as("the other host's instance's attempts").containsExactly(1);
    assertThat(attempts(always))
        .as("always: placed again once, after the loss")
        .containsExactly(1, 2);
    assertThat(fleet.log.of(always, InstanceLost.class)).hasSize(1);
    assertThat(attempts(once)).as("no: never placed again").containsExactly(1);
    assertThat(fleet.log.phases(once)).last().isEqualTo("lost");
  }

  private static void startRunnerOn(Host host) {
    fleet.runnerProcess(host.name(), host::inside);
  }

  private static void awaitRunningOn(String instanceId, String runnerId) {
    assertThat(fleet.log.await(instanceId, InstanceRunning.class).runnerId())
        .as(instanceId + " runs on")
        .isEqualTo(runnerId);
  }

  /** The runners the group has given launch partitions to, by their static member ids. */
  private static Set<String> runnersWithLaunchPartitions() throws Exception {
    try (Admin admin = Admin.create(fleet.kafka.clientSettings())) {
      ConsumerGroupDescription group =
          admin
              .describeConsumerGroups(List.of(RunnerSettings.DEFAULT_GROUP))
              .describedGroups()
              .get(RunnerSettings.DEFAULT_GROUP)
              .get(10, TimeUnit.SECONDS);
      return group.members().stream()
          .filter(member -> !member.assignment().topicPartitions().isEmpty())
          .map(member -> member.groupInstanceId().orElse(member.consumerId()))
          .collect(Collectors.toSet());
    }
  }

  private static RunnerHeartbeat latestHeartbeat(String runnerId) {
    List<RunnerHeartbeat> heartbeats = fleet.log.of(runnerId, RunnerHeartbeat.class);
    return heartbeats.get(heartbeats.size() - 1);
  }

  private static List<Integer> attempts(String instanceId) {
    return fleet.log.of(instanceId, InstanceScheduled.class).stream()
        .map(InstanceScheduled::attempt)
        .toList();
  }

  private static Duration since(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos);
  }
}

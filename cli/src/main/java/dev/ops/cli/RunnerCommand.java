package dev.ops.cli;

import dev.ops.core.OpsException;
import dev.ops.events.runner.DrainRequested;
import dev.ops.events.runner.RunnerHeartbeat;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ops runner list|drain|resume}: the fleet's runners, from their heartbeats on Kafka. */
@Command(
    name = "runner",
    mixinStandardHelpOptions = true,
    description = "The fleet's runner agents.",
    subcommands = {
      RunnerCommand.ListRunners.class,
      RunnerCommand.DrainRunner.class,
      RunnerCommand.ResumeRunner.class
    })
final class RunnerCommand {

  private static final Duration WAIT_POLL = Duration.ofSeconds(2);

  @Command(
      name = "list",
      aliases = "ls",
      mixinStandardHelpOptions = true,
      description =
          "List the runners that sent a heartbeat within a day: capacity, accelerator, instances,"
              + " labels; 'draining' once drained, 'gone' when silent for three of their"
              + " intervals.")
  static final class ListRunners implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
      KafkaSettings kafka = KafkaSettings.load(Workspace.open(false).home);
      return FleetTables.printRunners(FleetState.runners(kafka), json, Instant.now());
    }
  }

  @Command(
      name = "drain",
      mixinStandardHelpOptions = true,
      description =
          "Stop a runner taking launches and empty it: its VMs are stopped gracefully, and those"
              + " whose restart policy asks for it start on other runners. Lasts until 'ops"
              + " runner resume'.")
  static final class DrainRunner implements Callable<Integer> {

    @Parameters(paramLabel = "RUNNER", description = "The runner's id, as 'ops runner list' shows.")
    String runnerId;

    @Option(
        names = "--wait",
        description = "Wait until the runner holds no VM (to stop its host safely).")
    boolean await;

    @Option(
        names = "--timeout",
        paramLabel = "SECONDS",
        defaultValue = "600",
        description = "With --wait: give up after this long (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() {
      KafkaSettings kafka = KafkaSettings.load(Workspace.open(false).home);
      requireKnown(kafka, runnerId);
      Instant asked = Instant.now();
      FleetCommands.publish(kafka, new DrainRequested(runnerId, true, FleetCommands.requester()));
      System.out.println(runnerId + " draining");
      return await ? awaitEmpty(kafka, asked) : 0;
    }

    /** Until a heartbeat sent after the drain lists no instance. */
    private int awaitEmpty(KafkaSettings kafka, Instant asked) {
      Instant deadline = asked.plusSeconds(timeoutSeconds);
      int lastCount = -1;
      while (Instant.now().isBefore(deadline)) {
        FleetState.Latest latest = FleetState.heartbeats(kafka).get(runnerId);
        if (latest != null && latest.at().isAfter(asked)) {
          int count = ((RunnerHeartbeat) latest.payload()).instances().size();
          if (count == 0) {
            System.out.println(runnerId + " holds no VM");
            return 0;
          }
          if (count != lastCount) {
            System.out.println(runnerId + " still holds " + count + " VMs");
            lastCount = count;
          }
        }
        sleep(WAIT_POLL);
      }
      throw new OpsException(
          runnerId + " still held VMs after " + timeoutSeconds + " s",
          "see 'ops instance list --fleet'; it goes on draining, wait again or raise --timeout");
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "Let a drained runner take launches again.")
  static final class ResumeRunner implements Callable<Integer> {

    @Parameters(paramLabel = "RUNNER", description = "The runner's id.")
    String runnerId;

    @Override
    public Integer call() {
      KafkaSettings kafka = KafkaSettings.load(Workspace.open(false).home);
      requireKnown(kafka, runnerId);
      FleetCommands.publish(kafka, new DrainRequested(runnerId, false, FleetCommands.requester()));
      System.out.println(runnerId + " takes launches");
      return 0;
    }
  }

  private static void requireKnown(KafkaSettings kafka, String runnerId) {
    Map<String, FleetState.Latest> runners = FleetState.heartbeats(kafka);
    if (!runners.containsKey(runnerId)) {
      throw new OpsException(
          "no runner " + runnerId + " has sent a heartbeat within a day",
          "'ops runner list' shows the runners: " + String.join(", ", runners.keySet()));
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OpsException("interrupted");
    }
  }
}

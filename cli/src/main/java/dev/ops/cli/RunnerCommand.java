package dev.ops.cli;

import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ops runner list}: the fleet's runners, from their heartbeats on Kafka. */
@Command(
    name = "runner",
    mixinStandardHelpOptions = true,
    description = "The fleet's runner agents.",
    subcommands = RunnerCommand.ListRunners.class)
final class RunnerCommand {

  @Command(
      name = "list",
      aliases = "ls",
      mixinStandardHelpOptions = true,
      description =
          "List the runners that sent a heartbeat within a day: capacity, accelerator, instances,"
              + " labels; 'gone' when silent for three of their intervals.")
  static final class ListRunners implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
      KafkaSettings kafka = KafkaSettings.load(Workspace.open(false).home);
      return FleetTables.printRunners(FleetState.runners(kafka), json, Instant.now());
    }
  }
}

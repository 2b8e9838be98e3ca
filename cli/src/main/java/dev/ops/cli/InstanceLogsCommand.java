package dev.ops.cli;

import dev.ops.core.OpsException;
import dev.ops.core.Progress;
import dev.ops.core.instance.InstanceStore;
import dev.ops.events.instance.ConsoleStream;
import dev.ops.events.instance.InstanceState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ops instance logs}: the program's console output, optionally followed. */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description = "Print an instance's console output.")
final class InstanceLogsCommand implements Callable<Integer> {

  private static final long FOLLOW_POLL_MS = 100;

  /** Enough to read what the console topic holds of one instance without following it. */
  private static final Duration CATCH_UP = Duration.ofSeconds(3);

  @Parameters(index = "0", paramLabel = "INSTANCE")
  String name;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing until the instance ends.")
  boolean follow;

  @Option(names = "--boot", description = "Print the kernel's boot messages instead.")
  boolean boot;

  @Option(names = "--fleet", description = "A fleet instance (by id): its lines from Kafka.")
  boolean fleet;

  @Override
  public Integer call() throws InterruptedException {
    if (fleet) {
      return fleetLogs(Workspace.open(false));
    }
    InstanceStore instances = Workspace.open(false).instances;
    instances.get(name);
    Path log =
        instances
            .directory(name)
            .resolve(boot ? InstanceStore.BOOT_LOG : InstanceStore.CONSOLE_LOG);
    long position = copyFrom(log, 0);
    while (follow && instances.get(name).isActive()) {
      Thread.sleep(FOLLOW_POLL_MS);
      position = copyFrom(log, position);
    }
    copyFrom(log, position);
    return 0;
  }

  /**
   * Every line the fleet kept of the instance (the console topic keeps three days); with {@code
   * -f}, then what comes until the instance ends.
   */
  private int fleetLogs(Workspace workspace) {
    KafkaSettings kafka = KafkaSettings.load(workspace.home);
    InstanceState state = FleetState.instances(kafka).get(name);
    if (state == null) {
      throw new OpsException(
          "the fleet has no instance " + name, "see 'ops instance list --fleet' for the ids");
    }
    ConsoleStream wanted = boot ? ConsoleStream.KERNEL : ConsoleStream.PROGRAM;
    try (InstanceFollower follower = InstanceFollower.open(kafka, name, true)) {
      boolean ended = state.phase().isFinal() || !follow;
      Duration wait = ended ? CATCH_UP : FleetLaunch.RUN_WAIT;
      follower.follow(
          wait,
          e -> !ended && InstanceFollower.isEnd(e),
          line -> {
            if (line.stream() == wanted) {
              System.out.println(line.text());
            }
          },
          Progress.SILENT);
    }
    return 0;
  }

  private static long copyFrom(Path log, long position) {
    if (!Files.exists(log)) {
      return position;
    }
    try (InputStream in = Files.newInputStream(log)) {
      in.skipNBytes(position);
      long copied = in.transferTo(System.out);
      System.out.flush();
      return position + copied;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

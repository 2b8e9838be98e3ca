package dev.ops.cli;

import dev.ops.core.OpsException;
import dev.ops.core.Progress;
import dev.ops.core.config.MemorySize;
import dev.ops.core.launch.VmOutcome;
import dev.ops.core.qemu.LaunchOptions;
import dev.ops.core.qemu.PortForward;
import dev.ops.events.EventPayload;
import dev.ops.events.instance.ConsoleLine;
import dev.ops.events.instance.ConsoleStream;
import dev.ops.events.instance.InstanceExited;
import dev.ops.events.instance.InstanceFailed;
import dev.ops.events.instance.InstanceLost;
import dev.ops.events.instance.InstanceRunning;
import dev.ops.events.instance.LaunchRequested;
import dev.ops.events.instance.Placement;
import dev.ops.events.instance.PortMapping;
import dev.ops.events.instance.RestartPolicy;
import dev.ops.events.instance.StopRequested;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Launches on the fleet: the request built from the command line, published after a follower is in
 * place, and the instance followed to the phase the command waits for.
 */
final class FleetLaunch {

  /** How long {@code create} waits for {@code running}; the launch stays queued after that. */
  static final Duration START_WAIT = Duration.ofMinutes(5);

  /** How long {@code run --fleet} follows an instance: as long as it runs. */
  static final Duration RUN_WAIT = Duration.ofDays(365);

  private final KafkaSettings kafka;
  private final Progress progress;

  FleetLaunch(KafkaSettings kafka, Progress progress) {
    this.kafka = kafka;
    this.progress = progress;
  }

  /** The launch request the flags describe. */
  static LaunchRequested request(
      String instanceId,
      String name,
      String image,
      String digest,
      String memory,
      int cpus,
      List<String> ports,
      String restart,
      String runner,
      List<String> labels) {
    return new LaunchRequested(
        instanceId,
        name,
        image,
        digest,
        memory == null ? LaunchOptions.DEFAULT_MEMORY_MIB : MemorySize.parseMib(memory),
        Math.max(cpus, 1),
        ports.stream().map(FleetLaunch::mapping).toList(),
        restart == null ? RestartPolicy.NO : restartPolicy(restart),
        placement(runner, labels),
        FleetCommands.requester());
  }

  /**
   * Publishes {@code launch} and follows the instance to its end: its program's lines on standard
   * output, its kernel's on standard error when {@code verbose}; returns the program's status, or
   * 125 when the instance failed or was lost.
   */
  int run(LaunchRequested launch, boolean verbose) {
    try (InstanceFollower follower = InstanceFollower.open(kafka, launch.instanceId(), false)) {
      FleetCommands.publish(kafka, launch);
      progress.milestone("requested instance " + launch.instanceId());
      InterruptHandler.stopFleetInstanceOnInterrupt(
          () ->
              FleetCommands.publish(
                  kafka, new StopRequested(launch.instanceId(), 10, FleetCommands.requester())));
      Optional<EventPayload> end =
          follower.follow(RUN_WAIT, FleetLaunch::isFinalEnd, printer(verbose), progress);
      return end.map(FleetLaunch::statusOf).orElse(VmOutcome.VM_FAILURE_STATUS);
    }
  }

  /** Publishes {@code launch} and waits until the program runs; fails if it ended instead. */
  InstanceRunning start(LaunchRequested launch) {
    try (InstanceFollower follower = InstanceFollower.open(kafka, launch.instanceId(), false)) {
      FleetCommands.publish(kafka, launch);
      Optional<EventPayload> outcome =
          follower.follow(
              START_WAIT,
              e -> e instanceof InstanceRunning || InstanceFollower.isEnd(e),
              line -> {},
              progress);
      if (outcome.isPresent() && outcome.get() instanceof InstanceRunning running) {
        return running;
      }
      throw new OpsException(
          "instance "
              + launch.instanceId()
              + " did not start: "
              + outcome.map(FleetLaunch::why).orElse("no runner took it in " + START_WAIT),
          "see 'ops instance logs --fleet " + launch.instanceId() + "' and 'ops runner list'");
    }
  }

  /** A restart policy may follow an exit or failure with another attempt; only its absence ends. */
  private static boolean isFinalEnd(EventPayload payload) {
    return InstanceFollower.isEnd(payload);
  }

  static int statusOf(EventPayload end) {
    if (end instanceof InstanceExited exited) {
      return exited.status();
    }
    System.err.println("ops: " + why(end));
    if (end instanceof InstanceFailed failed && !failed.consoleTail().isEmpty()) {
      System.err.println("ops: last lines of the console:");
      failed.consoleTail().forEach(line -> System.err.println("  " + line));
    }
    return VmOutcome.VM_FAILURE_STATUS;
  }

  static String why(EventPayload end) {
    if (end instanceof InstanceFailed failed) {
      return "the instance failed at step " + failed.step() + ": " + failed.reason();
    }
    if (end instanceof InstanceLost lost) {
      return "the instance was lost: " + lost.reason();
    }
    if (end instanceof InstanceExited exited) {
      return "the program exited with status " + exited.status();
    }
    return "the instance was removed";
  }

  private static Consumer<ConsoleLine> printer(boolean verbose) {
    return line -> {
      if (line.stream() == ConsoleStream.PROGRAM) {
        System.out.println(line.text());
        System.out.flush();
      } else if (verbose) {
        System.err.println(line.text());
      }
    };
  }

  private static PortMapping mapping(String text) {
    PortForward forward = PortForward.parse(text);
    return new PortMapping(forward.hostAddress(), forward.hostPort(), forward.guestPort());
  }

  private static RestartPolicy restartPolicy(String text) {
    try {
      return RestartPolicy.parse(text);
    } catch (IllegalArgumentException e) {
      throw new OpsException(e.getMessage(), "use --restart no, on-failure[:N] or always");
    }
  }

  static Placement placement(String runner, List<String> labels) {
    if (runner == null && labels.isEmpty()) {
      return null;
    }
    Map<String, String> wanted = new LinkedHashMap<>();
    for (String label : labels) {
      int equals = label.indexOf('=');
      if (equals < 1) {
        throw new OpsException(
            "'" + label + "' is not a label", "write --label KEY=VALUE, such as zone=eu-1");
      }
      wanted.put(label.substring(0, equals), label.substring(equals + 1));
    }
    return new Placement(runner, wanted);
  }
}

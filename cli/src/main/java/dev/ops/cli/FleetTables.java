package dev.ops.cli;

import dev.ops.events.instance.InstanceState;
import dev.ops.events.runner.RunnerHeartbeat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fleet's tables, as {@code ops instance list --fleet} and {@code ops runner list} print them.
 */
final class FleetTables {

  /** A runner silent for more than this many of its intervals is shown as gone. */
  static final int SILENT_INTERVALS = 3;

  private FleetTables() {}

  static int printInstances(Map<String, InstanceState> instances, boolean json) {
    if (json) {
      Output.printJson(instances.values());
      return 0;
    }
    Output.printTable(
        List.of("ID", "NAME", "PHASE", "RUNNER", "ATTEMPT", "STATUS", "IMAGE", "SINCE"),
        instanceRows(instances.values()));
    return 0;
  }

  static List<List<String>> instanceRows(Collection<InstanceState> instances) {
    List<List<String>> rows = new ArrayList<>();
    for (InstanceState state : instances) {
      rows.add(
          List.of(
              state.instanceId(),
              state.launch().name() == null ? "" : state.launch().name(),
              state.phase().wireName(),
              state.runnerId() == null ? "" : state.runnerId(),
              Integer.toString(state.attempt()),
              state.exitStatus() == null ? "" : state.exitStatus().toString(),
              state.launch().image(),
              state.since().toString()));
    }
    return rows;
  }

  static int printRunners(Map<String, FleetState.Sighting> runners, boolean json, Instant now) {
    if (json) {
      Output.printJson(runners.values().stream().map(FleetState.Sighting::heartbeat).toList());
      return 0;
    }
    Output.printTable(
        List.of(
            "RUNNER",
            "HOST",
            "STATE",
            "VCPUS",
            "MEMORY MIB",
            "ACCEL",
            "INSTANCES",
            "LABELS",
            "LAST SEEN"),
        runnerRows(runners.values(), now));
    return 0;
  }

  static List<List<String>> runnerRows(Collection<FleetState.Sighting> runners, Instant now) {
    List<List<String>> rows = new ArrayList<>();
    for (FleetState.Sighting sighting : runners) {
      RunnerHeartbeat beat = sighting.heartbeat();
      rows.add(
          List.of(
              beat.runnerId(),
              beat.host(),
              runnerState(sighting, now),
              beat.vcpusFree() + "/" + beat.vcpusTotal() + " free",
              beat.memoryMibFree() + "/" + beat.memoryMibTotal() + " free",
              beat.kvm() ? "kvm" : "tcg",
              Integer.toString(beat.instances().size()),
              String.join(",", labels(beat)),
              sighting.at().toString()));
    }
    return rows;
  }

  private static String runnerState(FleetState.Sighting sighting, Instant now) {
    if (isGone(sighting, now)) {
      return sighting.draining() ? "gone, draining" : "gone";
    }
    return sighting.draining() ? "draining" : "alive";
  }

  /** Silent for more than {@value #SILENT_INTERVALS} of its own intervals. */
  static boolean isGone(FleetState.Sighting sighting, Instant now) {
    long seconds = (long) sighting.heartbeat().intervalSeconds() * SILENT_INTERVALS;
    return sighting.at().plus(Duration.ofSeconds(seconds)).isBefore(now);
  }

  private static List<String> labels(RunnerHeartbeat beat) {
    return new TreeMap<>(beat.labels())
        .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
  }
}

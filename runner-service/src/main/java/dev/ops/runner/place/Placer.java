package dev.ops.runner.place;

import dev.ops.events.instance.LaunchRequested;
import dev.ops.events.instance.Placement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Chooses a runner for a launch: among the live runners the launch admits, one with room for it; of
 * those, the one with the most free memory, then the most free vCPUs, then the smallest id, so
 * launches spread over the fleet and every runner would choose the same. docs/placement.md says
 * why.
 */
public final class Placer {

  private static final Comparator<Candidate> MOST_ROOM =
      Comparator.comparingLong(Candidate::memoryMibFree)
          .thenComparingInt(Candidate::vcpusFree)
          .reversed()
          .thenComparing(Candidate::runnerId);

  private Placer() {}

  public static PlacementDecision choose(LaunchRequested launch, List<Candidate> live) {
    Placement placement = launch.placement();
    List<Candidate> admitted =
        live.stream()
            .filter(c -> placement == null || placement.admits(c.runnerId(), c.labels()))
            .toList();
    return admitted.stream()
        .filter(c -> c.fits(launch.cpus(), launch.memoryMib()))
        .min(MOST_ROOM)
        .map(c -> PlacementDecision.on(c.runnerId()))
        .orElseGet(() -> PlacementDecision.waiting(whyNone(launch, live.size(), admitted)));
  }

  private static String whyNone(LaunchRequested launch, int liveCount, List<Candidate> admitted) {
    String need = launch.cpus() + " vCPU and " + launch.memoryMib() + " MiB";
    if (liveCount == 0) {
      return "no runner is alive to take " + need;
    }
    if (admitted.isEmpty()) {
      return "no live runner matches "
          + describe(launch.placement())
          + " ("
          + liveCount
          + " alive)";
    }
    return "no runner"
        + (launch.placement() == null ? "" : " matching " + describe(launch.placement()))
        + " has "
        + need
        + " free ("
        + admitted.size()
        + (admitted.size() == 1 ? " runner, full)" : " runners, all full)");
  }

  private static String describe(Placement placement) {
    if (placement.runnerId() != null) {
      return "runner " + placement.runnerId();
    }
    Map<String, String> labels = placement.labels();
    return "label "
        + labels.entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(","));
  }
}

package dev.ops.events.instance;

import dev.ops.events.Require;
import java.util.Map;

/**
 * Where a launch may go. Without a placement any runner with room may take it.
 *
 * @param runnerId only this runner; absent means any
 * @param labels only runners whose heartbeat carries every one of these labels with the same value
 */
public record Placement(String runnerId, Map<String, String> labels) {

  public Placement {
    Require.optionalText(runnerId, "runnerId");
    labels = Require.map(labels, "labels");
  }

  /** Whether a runner with this id and these labels may take the launch. */
  public boolean admits(String candidateRunnerId, Map<String, String> candidateLabels) {
    boolean runnerMatches = runnerId == null || runnerId.equals(candidateRunnerId);
    return runnerMatches && candidateLabels.entrySet().containsAll(labels.entrySet());
  }
}

package dev.ops.runner.place;

import java.util.Optional;

/**
 * Where a launch goes, or why it waits.
 *
 * @param runnerId the chosen runner, empty when none can take it now
 * @param reason for people, when it waits
 */
public record PlacementDecision(Optional<String> runnerId, String reason) {

  static PlacementDecision on(String runnerId) {
    return new PlacementDecision(Optional.of(runnerId), null);
  }

  static PlacementDecision waiting(String reason) {
    return new PlacementDecision(Optional.empty(), reason);
  }
}

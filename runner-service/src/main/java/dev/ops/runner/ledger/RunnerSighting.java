package dev.ops.runner.ledger;

import dev.ops.events.runner.RunnerHeartbeat;
import java.time.Duration;
import java.time.Instant;

/**
 * A runner's latest heartbeat and when this runner read it. Liveness is judged by the reading time,
 * not the sender's clock, so hosts with skewed clocks do not lose each other.
 */
public record RunnerSighting(RunnerHeartbeat heartbeat, Instant seenAt) {

  public String runnerId() {
    return heartbeat.runnerId();
  }

  /** Whether nothing came from it for longer than {@code limit} before {@code until}. */
  public boolean silentFor(Duration limit, Instant until) {
    return seenAt.plus(limit).isBefore(until);
  }
}

package dev.ops.events.consume;

import java.time.Instant;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * The records of one partition handed to workers, and how far its offset may be committed: up to
 * the first record not yet handled, so that a builder that dies leaves every unhandled record to
 * the next owner of the partition. Used by the consumer's thread only.
 */
final class PartitionProgress {

  private final TreeSet<Long> inFlight = new TreeSet<>();
  private final Instant assignedAt;
  private long nextAfterDone = -1;
  private long committed = -1;

  /** An abandoned record to be read again: nothing at or past it is committed until it is. */
  private long redeliverFrom = Long.MAX_VALUE;

  PartitionProgress(Instant assignedAt) {
    this.assignedAt = assignedAt;
  }

  /** When this consumer got the partition: older records may have been seen by another builder. */
  Instant assignedAt() {
    return assignedAt;
  }

  void started(long offset) {
    inFlight.add(offset);
    if (offset <= redeliverFrom) {
      redeliverFrom = Long.MAX_VALUE;
    }
  }

  /** A record given up without an outcome, which the consumer reads again. */
  void abandoned(long offset) {
    inFlight.remove(offset);
    redeliverFrom = Math.min(redeliverFrom, offset);
  }

  void done(long offset) {
    inFlight.remove(offset);
    nextAfterDone = Math.max(nextAfterDone, offset + 1);
  }

  int inFlight() {
    return inFlight.size();
  }

  /** The offset to commit now, if it moved since the last commit. */
  OptionalLong commitPosition() {
    if (nextAfterDone < 0) {
      return OptionalLong.empty();
    }
    long position = Math.min(inFlight.isEmpty() ? nextAfterDone : inFlight.first(), redeliverFrom);
    return position > committed ? OptionalLong.of(position) : OptionalLong.empty();
  }

  void committed(long position) {
    committed = Math.max(committed, position);
  }
}

package dev.ops.events.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PartitionProgressTest {

  private final PartitionProgress progress = new PartitionProgress(Instant.EPOCH);

  @Test
  void shouldCommitNothingBeforeAnyRecordIsDone() {
    progress.started(0);

    assertThat(progress.commitPosition()).isEmpty();
  }

  @Test
  void shouldCommitOnlyUpToTheFirstRecordStillInFlight() {
    progress.started(10);
    progress.started(11);
    progress.started(12);

    progress.done(11);
    progress.done(12);

    assertThat(progress.commitPosition()).hasValue(10);
    progress.committed(10);
    assertThat(progress.commitPosition()).as("nothing new to commit").isEmpty();

    progress.done(10);
    assertThat(progress.commitPosition()).hasValue(13);
  }

  @Test
  void shouldNotCommitTheSamePositionTwice() {
    progress.started(5);
    progress.done(5);
    progress.committed(6);

    assertThat(progress.commitPosition()).isEmpty();
    assertThat(progress.inFlight()).isZero();
  }

  @Test
  void shouldCommitNothingPastAnAbandonedRecordUntilItIsReadAgain() {
    progress.started(20);
    progress.started(21);
    progress.done(21);

    progress.abandoned(20);

    assertThat(progress.commitPosition()).as("20 is to be read again").hasValue(20);
    progress.committed(20);
    progress.started(20);
    progress.started(21);
    progress.done(20);
    progress.done(21);
    assertThat(progress.commitPosition()).hasValue(22);
  }
}

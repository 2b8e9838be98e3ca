package dev.ops.runner.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ops.events.instance.InstanceExited;
import dev.ops.events.instance.InstanceLost;
import dev.ops.events.instance.InstancePhase;
import dev.ops.events.instance.InstanceRemoved;
import dev.ops.events.instance.InstanceRunning;
import dev.ops.events.instance.InstanceScheduled;
import dev.ops.events.instance.InstanceState;
import dev.ops.events.instance.InstanceWaiting;
import dev.ops.events.instance.LaunchRequested;
import dev.ops.events.instance.RestartPolicy;
import dev.ops.events.instance.StopRequested;
import dev.ops.events.runner.DrainRequested;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetLedgerTest {

  private static final String ID = "i-1";
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

  private final FleetLedger ledger = new FleetLedger();

  private InstanceView view() {
    return ledger.find(ID).orElseThrow();
  }

  @Test
  void theFirstOfTwoRacingSchedulingsCountsForEveryone() {
    ledger.apply(new InstanceScheduled(ID, "runner-a", 1), NOW);
    ledger.apply(new InstanceScheduled(ID, "runner-b", 1), NOW);

    assertThat(view().runnerId()).isEqualTo("runner-a");
    assertThat(view().phase()).isEqualTo(InstancePhase.SCHEDULED);
    assertThat(view().attempt()).isEqualTo(1);
  }

  @Test
  void theLatestDrainCommandForARunnerDecides() {
    assertThat(ledger.isDraining("runner-a")).isFalse();
    assertThat(ledger.drainCommandAt("runner-a")).isEmpty();

    ledger.apply(new DrainRequested("runner-a", true, "alice"), NOW);
    assertThat(ledger.isDraining("runner-a")).isTrue();
    assertThat(ledger.isDraining("runner-b")).isFalse();

    ledger.apply(new DrainRequested("runner-a", false, "alice"), NOW.plusSeconds(60));
    assertThat(ledger.isDraining("runner-a")).isFalse();
    assertThat(ledger.drainCommandAt("runner-a")).contains(NOW.plusSeconds(60));
  }

  @Test
  void howFarItIsReadOnlyMovesForward() {
    ledger.markReadUpTo(NOW);
    ledger.markReadUpTo(NOW.minusSeconds(5));

    assertThat(ledger.readUpTo()).isEqualTo(NOW);
  }

  @Test
  void aSchedulingMustNameTheNextAttempt() {
    ledger.apply(new InstanceScheduled(ID, "runner-a", 2), NOW);

    assertThat(view().hasHistory()).isFalse();
  }

  @Test
  void reportsFromARunnerThatNoLongerHoldsTheInstanceChangeNothing() {
    ledger.apply(new InstanceScheduled(ID, "runner-a", 1), NOW);
    ledger.apply(new InstanceLost(ID, "runner-a", "silent", NOW), NOW);
    ledger.apply(new InstanceScheduled(ID, "runner-b", 2), NOW);
    ledger.apply(new InstanceRunning(ID, "runner-b", "b", List.of(), 300), NOW);

    ledger.apply(new InstanceExited(ID, "runner-a", 0, null, false), NOW);

    assertThat(view().phase()).isEqualTo(InstancePhase.RUNNING);
    assertThat(view().runnerId()).isEqualTo("runner-b");
  }

  @Test
  void aRestartIsTheNextAttemptOnceTheLastEnded() {
    ledger.apply(new InstanceScheduled(ID, "runner-a", 1), NOW);
    ledger.apply(new InstanceScheduled(ID, "runner-a", 2), NOW);
    assertThat(view().attempt()).as("not while attempt 1 is active").isEqualTo(1);

    ledger.apply(new InstanceExited(ID, "runner-a", 1, null, false), NOW);
    ledger.apply(new InstanceScheduled(ID, "runner-a", 2), NOW);

    assertThat(view().attempt()).isEqualTo(2);
    assertThat(view().exitStatus()).isNull();
  }

  @Test
  void waitingUndoesASchedulingThatHasNotStartedButNotARunningInstance() {
    ledger.apply(new InstanceScheduled(ID, "runner-a", 1), NOW);
    ledger.apply(new InstanceWaiting(ID, "runner-a had no room"), NOW);
    assertThat(view().phase()).isEqualTo(InstancePhase.WAITING);

    ledger.apply(new InstanceScheduled(ID, "runner-b", 2), NOW);
    ledger.apply(new InstanceRunning(ID, "runner-b", "b", List.of(), 1), NOW);
    ledger.apply(new InstanceWaiting(ID, "late news"), NOW);

    assertThat(view().phase()).isEqualTo(InstancePhase.RUNNING);
  }

  @Test
  void theStateTopicCarriesLaunchesAndOnlyStartsInstancesTheEventsDoNotKnow() {
    LaunchRequested launch = launch();
    ledger.apply(new InstanceScheduled(ID, "runner-a", 1), NOW);
    ledger.apply(
        new InstanceState(ID, InstancePhase.EXITED, launch, "runner-z", 7, 0, null, null, NOW),
        NOW);

    assertThat(view().launch()).isEqualTo(launch);
    assertThat(view().runnerId()).isEqualTo("runner-a");

    ledger.apply(
        new InstanceState(
            "i-old", InstancePhase.RUNNING, launch("i-old"), "runner-z", 7, null, null, null, NOW),
        NOW);
    assertThat(ledger.find("i-old").orElseThrow().runnerId()).isEqualTo("runner-z");
    assertThat(ledger.find("i-old").orElseThrow().attempt()).isEqualTo(7);
  }

  @Test
  void commandsAreRememberedBeforeTheLaunchTheyReferTo() {
    ledger.apply(new StopRequested(ID, 5, "alice"), NOW);
    ledger.apply(new InstanceScheduled(ID, "runner-a", 1), NOW);

    assertThat(view().stopRequested()).isTrue();
    assertThat(view().stopTimeoutSeconds()).isEqualTo(5);
  }

  @Test
  void aRemovedInstanceIsNeverScheduledAgain() {
    ledger.apply(new InstanceRemoved(ID, null), NOW);
    ledger.apply(new InstanceScheduled(ID, "runner-a", 1), NOW);

    assertThat(view().isActive()).isFalse();
    assertThat(view().hasHistory()).isTrue();
  }

  private static LaunchRequested launch() {
    return launch(ID);
  }

  private static LaunchRequested launch(String id) {
    return new LaunchRequested(
        id, null, "r:5000/web:1", null, 64, 1, List.of(), RestartPolicy.NO, null, "test");
  }
}

package dev.ops.runner.place;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ops.events.instance.LaunchRequested;
import dev.ops.events.instance.Placement;
import dev.ops.events.instance.RestartPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacerTest {

  private static final Candidate SMALL = new Candidate("a", Map.of("zone", "eu-1"), 2, 512);
  private static final Candidate LARGE = new Candidate("b", Map.of("zone", "us-1"), 4, 4096);
  private static final Candidate FULL = new Candidate("c", Map.of("zone", "eu-1"), 0, 0);

  @Test
  void theRunnerWithTheMostFreeMemoryTakesTheLaunch() {
    assertThat(Placer.choose(launch(1, 256, null), List.of(SMALL, LARGE, FULL)).runnerId())
        .contains("b");
  }

  @Test
  void aLabelNarrowsTheChoice() {
    Placement eu = new Placement(null, Map.of("zone", "eu-1"));

    assertThat(Placer.choose(launch(1, 256, eu), List.of(SMALL, LARGE, FULL)).runnerId())
        .contains("a");
  }

  @Test
  void aLaunchMayNameItsRunner() {
    Placement onC = new Placement("a", Map.of());

    assertThat(Placer.choose(launch(1, 64, onC), List.of(SMALL, LARGE)).runnerId()).contains("a");
  }

  @Test
  void aLaunchNoRunnerCanHoldWaitsAndSaysWhy() {
    PlacementDecision decision =
        Placer.choose(
            launch(1, 1024, new Placement(null, Map.of("zone", "eu-1"))), List.of(SMALL, FULL));

    assertThat(decision.runnerId()).isEmpty();
    assertThat(decision.reason())
        .isEqualTo(
            "no runner matching label zone=eu-1 has 1 vCPU and 1024 MiB free (2 runners, all"
                + " full)");
  }

  @Test
  void aLaunchWithNoLiveRunnerWaits() {
    assertThat(Placer.choose(launch(1, 64, null), List.of()).reason())
        .isEqualTo("no runner is alive to take 1 vCPU and 64 MiB");
  }

  @Test
  void aLaunchForAnAbsentRunnerWaitsForIt() {
    assertThat(Placer.choose(launch(1, 64, new Placement("z", Map.of())), List.of(SMALL)).reason())
        .isEqualTo("no live runner matches runner z (1 alive)");
  }

  @Test
  void tiesGoToTheSmallestIdSoEveryRunnerChoosesAlike() {
    Candidate twinB = new Candidate("b", Map.of(), 2, 512);
    Candidate twinA = new Candidate("a", Map.of(), 2, 512);

    assertThat(Placer.choose(launch(1, 64, null), List.of(twinB, twinA)).runnerId()).contains("a");
  }

  private static LaunchRequested launch(int cpus, int memory, Placement placement) {
    return new LaunchRequested(
        "i-1",
        null,
        "r:5000/web:1",
        null,
        memory,
        cpus,
        List.of(),
        RestartPolicy.NO,
        placement,
        "test");
  }
}

package dev.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ops.events.EventCodec;
import dev.ops.events.instance.InstancePhase;
import dev.ops.events.instance.InstanceState;
import dev.ops.events.instance.LaunchRequested;
import dev.ops.events.instance.RestartPolicy;
import dev.ops.events.runner.RunnerHeartbeat;
import dev.ops.events.topic.Topics;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class FleetTablesTest {

  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  private final EventCodec codec = new EventCodec();

  @Test
  void theStateTopicFoldsToTheLatestOfEachInstanceAndATombstoneDropsIt() {
    Map<String, FleetState.Latest> latest = new LinkedHashMap<>();

    FleetState.fold(codec, record(state("i-1", InstancePhase.SCHEDULED)), latest);
    FleetState.fold(codec, record(state("i-2", InstancePhase.RUNNING)), latest);
    FleetState.fold(codec, record(state("i-1", InstancePhase.RUNNING)), latest);
    FleetState.fold(codec, tombstone("i-2"), latest);

    assertThat(latest).containsOnlyKeys("i-1");
    assertThat(((InstanceState) latest.get("i-1").payload()).phase())
        .isEqualTo(InstancePhase.RUNNING);
  }

  @Test
  void anInstanceRowSaysWhereItIsAndHowItEnded() {
    assertThat(FleetTables.instanceRows(List.of(state("i-1", InstancePhase.RUNNING))))
        .containsExactly(
            List.of("i-1", "web", "running", "kvm-1", "1", "", "r:5000/web:1", NOW.toString()));
  }

  @Test
  void aRunnerSilentForThreeIntervalsIsGone() {
    RunnerHeartbeat beat =
        new RunnerHeartbeat(
            "kvm-1",
            "h",
            NOW,
            5,
            4,
            3,
            1024,
            512,
            false,
            "7.2",
            List.of(),
            List.of(),
            Map.of("zone", "eu-1"));

    FleetState.Sighting recent = new FleetState.Sighting(beat, NOW.minusSeconds(10), false);
    FleetState.Sighting silent = new FleetState.Sighting(beat, NOW.minusSeconds(16), false);

    assertThat(FleetTables.isGone(recent, NOW)).isFalse();
    assertThat(FleetTables.isGone(silent, NOW)).isTrue();
    assertThat(FleetTables.runnerRows(List.of(recent), NOW).get(0))
        .contains("alive", "3/4 free", "512/1024 free", "tcg", "zone=eu-1");
  }

  @Test
  void aDrainedRunnerSaysSoWhileAliveAndWhenGone() {
    RunnerHeartbeat beat =
        new RunnerHeartbeat(
            "kvm-2", "h", NOW, 5, 4, 4, 1024, 1024, true, "7.2", List.of(), List.of(), Map.of());

    FleetState.Sighting recent = new FleetState.Sighting(beat, NOW.minusSeconds(1), true);
    FleetState.Sighting silent = new FleetState.Sighting(beat, NOW.minusSeconds(60), true);

    assertThat(FleetTables.runnerRows(List.of(recent, silent), NOW))
        .extracting(row -> row.get(2))
        .containsExactly("draining", "gone, draining");
  }

  private static InstanceState state(String id, InstancePhase phase) {
    LaunchRequested launch =
        new LaunchRequested(
            id, "web", "r:5000/web:1", null, 64, 1, List.of(), RestartPolicy.NO, null, "me");
    return new InstanceState(id, phase, launch, "kvm-1", 1, null, null, null, NOW);
  }

  private ConsumerRecord<String, byte[]> record(InstanceState state) {
    ProducerRecord<String, byte[]> sent =
        codec.toRecord(dev.ops.events.Event.of(java.net.URI.create("/test"), state));
    ConsumerRecord<String, byte[]> received =
        new ConsumerRecord<>(Topics.INSTANCE_STATE.name(), 0, 0, sent.key(), sent.value());
    sent.headers().forEach(h -> received.headers().add(h));
    return received;
  }

  private static ConsumerRecord<String, byte[]> tombstone(String id) {
    return new ConsumerRecord<>(Topics.INSTANCE_STATE.name(), 0, 1, id, null);
  }
}

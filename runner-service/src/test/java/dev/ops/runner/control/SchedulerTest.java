package dev.ops.runner.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ops.core.registry.RegistrySettings;
import dev.ops.events.EventCodec;
import dev.ops.events.EventPublisher;
import dev.ops.events.EventType;
import dev.ops.events.instance.InstanceRunning;
import dev.ops.events.instance.InstanceScheduled;
import dev.ops.events.instance.LaunchRequested;
import dev.ops.events.instance.RestartPolicy;
import dev.ops.events.runner.RunnerHeartbeat;
import dev.ops.events.topic.Topics;
import dev.ops.runner.RunnerSettings;
import dev.ops.runner.ledger.FleetLedger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** How a runner looks after instances nobody else can: here, those of a runner gone silent. */
class SchedulerTest {

  private static final String ID = "i-1";
  private static final String OTHER = "runner-b";

  /** When the other runner's heartbeat was read: long before the wall clock's now. */
  private static final Instant SEEN = Instant.parse("2026-01-01T12:00:00Z");

  private final RunnerSettings settings =
      RunnerSettings.forTests(
          "runner-a",
          "localhost:9092",
          RegistrySettings.of("http://localhost:5050", null),
          Path.of("/nonexistent"));
  private final FleetLedger ledger = new FleetLedger(Clock.fixed(SEEN, ZoneOffset.UTC));
  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  private final Scheduler scheduler =
      new Scheduler(
          settings,
          ledger,
          new Reporter(new EventPublisher(producer, new EventCodec(), URI.create("/t")), ledger),
          new KeyOwnership(SchedulerTest::everyLaunchPartition),
          () -> Capacity.of(settings, List.of(), ledger.instances()));

  @Test
  void reportsASilentRunnersInstancesLostOnceItsHistoryIsReadPastTheLimit() {
    otherRunnerRuns(ID);
    ledger.markReadUpTo(SEEN.plus(settings.lostAfter()).plusSeconds(1));

    scheduler.tend();

    assertThat(publishedTypes()).containsExactly(EventType.INSTANCE_LOST.type());
  }

  @Test
  void reportsNobodyLostWhileItsOwnHistoryStandsStill() {
    otherRunnerRuns(ID);
    // Cut off from Kafka: the clock runs on, far past the limit, but nothing more was read.
    ledger.markReadUpTo(SEEN);

    scheduler.tend();

    assertThat(publishedTypes()).as("events published").isEmpty();
  }

  private void otherRunnerRuns(String instanceId) {
    ledger.apply(heartbeat(), SEEN);
    ledger.rememberLaunch(
        new LaunchRequested(
            instanceId, null, "web:1", null, 64, 1, List.of(), RestartPolicy.NO, null, "test"));
    ledger.apply(new InstanceScheduled(instanceId, OTHER, 1), SEEN);
    ledger.apply(new InstanceRunning(instanceId, OTHER, "b", List.of(), 300), SEEN);
  }

  private static RunnerHeartbeat heartbeat() {
    return new RunnerHeartbeat(
        OTHER, "b", SEEN, 1, 2, 1, 1024, 960, false, "7.2", List.of(), List.of(ID), Map.of());
  }

  /** The CloudEvents types of the lifecycle events published, in order. */
  private List<String> publishedTypes() {
    return producer.history().stream()
        .filter(record -> record.topic().equals(Topics.INSTANCE_EVENTS.name()))
        .map(record -> record.headers().lastHeader("ce_type"))
        .map(Header::value)
        .map(value -> new String(value, StandardCharsets.UTF_8))
        .toList();
  }

  private static Set<TopicPartition> everyLaunchPartition() {
    return IntStream.range(0, Topics.LAUNCH_REQUESTS.partitions())
        .mapToObj(p -> new TopicPartition(Topics.LAUNCH_REQUESTS.name(), p))
        .collect(Collectors.toSet());
  }
}

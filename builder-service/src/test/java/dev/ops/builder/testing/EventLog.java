package dev.ops.builder.testing;

import static org.awaitility.Awaitility.await;

import dev.ops.events.Event;
import dev.ops.events.EventCodec;
import dev.ops.events.EventPayload;
import dev.ops.events.InvalidEventException;
import dev.ops.events.build.BuildFailed;
import dev.ops.events.build.BuildStarted;
import dev.ops.events.build.BuildSucceeded;
import dev.ops.events.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Everything on the build events and dead-letter topics since the beginning, read by a background
 * consumer outside any group, as a dashboard would; tests wait on it with Awaitility.
 */
public final class EventLog implements AutoCloseable {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private final KafkaConsumer<String, byte[]> consumer;
  private final EventCodec codec = new EventCodec();
  private final List<Event<?>> events = new CopyOnWriteArrayList<>();
  private final List<ConsumerRecord<String, byte[]>> deadLetters = new CopyOnWriteArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  public EventLog(String bootstrapServers) {
    consumer =
        new KafkaConsumer<>(
            Map.of("bootstrap.servers", bootstrapServers, "enable.auto.commit", "false"),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(Topics.BUILD_EVENTS.name(), Topics.DEAD_LETTER.name())) {
      for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread = new Thread(this::run, "test-event-log");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (running.get()) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
        if (record.topic().equals(Topics.DEAD_LETTER.name())) {
          deadLetters.add(record);
        } else {
          events.add(decode(record));
        }
      }
    }
    consumer.close();
  }

  private Event<?> decode(ConsumerRecord<String, byte[]> record) {
    try {
      return codec.decode(record);
    } catch (InvalidEventException e) {
      throw new AssertionError("a builder published an invalid event: " + e.getMessage(), e);
    }
  }

  public List<Event<?>> eventsOf(String buildId) {
    return events.stream().filter(event -> event.subject().equals(buildId)).toList();
  }

  public <P extends EventPayload> List<P> payloadsOf(String buildId, Class<P> type) {
    return eventsOf(buildId).stream()
        .map(Event::payload)
        .filter(type::isInstance)
        .map(type::cast)
        .toList();
  }

  public List<BuildStarted> started(String buildId) {
    return payloadsOf(buildId, BuildStarted.class);
  }

  public BuildSucceeded awaitSucceeded(String buildId) {
    EventPayload outcome = awaitOutcome(buildId);
    if (outcome instanceof BuildFailed failed) {
      throw new AssertionError(
          "build " + buildId + " failed at " + failed.step() + ": " + failed.reason());
    }
    return (BuildSucceeded) outcome;
  }

  public BuildFailed awaitFailed(String buildId) {
    EventPayload outcome = awaitOutcome(buildId);
    if (outcome instanceof BuildSucceeded) {
      throw new AssertionError("build " + buildId + " succeeded: " + outcome);
    }
    return (BuildFailed) outcome;
  }

  public EventPayload awaitOutcome(String buildId) {
    return await("outcome of " + buildId)
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> outcomes(buildId), list -> !list.isEmpty())
        .get(0);
  }

  public List<EventPayload> outcomes(String buildId) {
    return eventsOf(buildId).stream()
        .<EventPayload>map(Event::payload)
        .filter(p -> p instanceof BuildSucceeded || p instanceof BuildFailed)
        .toList();
  }

  public List<ConsumerRecord<String, byte[]>> deadLetters() {
    return List.copyOf(deadLetters);
  }

  @Override
  public void close() {
    running.set(false);
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

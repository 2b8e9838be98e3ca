package dev.ops.runner.testing;

import dev.ops.events.Event;
import dev.ops.events.EventCodec;
import dev.ops.events.EventPayload;
import dev.ops.events.InvalidEventException;
import dev.ops.events.instance.ConsoleLine;
import dev.ops.events.instance.ConsoleStream;
import dev.ops.events.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Everything on the instance events and console topics since the beginning, read by a background
 * consumer outside any group, as a dashboard would; tests wait on it with Awaitility.
 */
public final class InstanceLog implements AutoCloseable {

  public static final Duration WAIT = Duration.ofSeconds(120);

  private final KafkaConsumer<String, byte[]> consumer;
  private final EventCodec codec = new EventCodec();
  private final List<EventPayload> events = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  public InstanceLog(String bootstrapServers) {
    consumer =
        new KafkaConsumer<>(
            Map.of("bootstrap.servers", bootstrapServers, "enable.auto.commit", "false"),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic :
        List.of(
            Topics.INSTANCE_EVENTS.name(),
            Topics.INSTANCE_CONSOLE.name(),
            Topics.RUNNER_HEARTBEATS.name())) {
      for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread = new Thread(this::run, "instance-log");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (running) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
        try {
          events.add(codec.decode(record).payload());
        } catch (InvalidEventException e) {
          // Not the tests' business.
        }
      }
    }
    consumer.close();
  }

  /** Every event of {@code type} about {@code instanceId}, in the order read. */
  public <T extends EventPayload> List<T> of(String instanceId, Class<T> type) {
    return events.stream()
        .filter(type::isInstance)
        .filter(e -> instanceId == null || instanceId.equals(e.key()))
        .map(type::cast)
        .toList();
  }

  public <T extends EventPayload> T await(String instanceId, Class<T> type) {
    return await(instanceId, type, e -> true);
  }

  public <T extends EventPayload> T await(
      String instanceId, Class<T> type, Predicate<T> condition) {
    return org.awaitility.Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> of(instanceId, type).stream().filter(condition).findFirst().orElse(null),
            e -> e != null);
  }

  /** The program's console lines of an instance, duplicates (by seq) left out. */
  public List<String> programLines(String instanceId) {
    List<Long> seen = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (ConsoleLine line : of(instanceId, ConsoleLine.class)) {
      if (!seen.contains(line.seq())) {
        seen.add(line.seq());
        if (line.stream() == ConsoleStream.PROGRAM) {
          lines.add(line.text());
        }
      }
    }
    return lines;
  }

  /** The types of an instance's lifecycle events, in order: {@code scheduled}, ... */
  public List<String> phases(String instanceId) {
    return events.stream()
        .filter(e -> instanceId.equals(e.key()))
        .filter(e -> !(e instanceof ConsoleLine))
        .map(e -> Event.of(java.net.URI.create("/x"), e).type().type())
        .map(type -> type.replace("dev.ops.instance.", "").replace(".v1", ""))
        .toList();
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

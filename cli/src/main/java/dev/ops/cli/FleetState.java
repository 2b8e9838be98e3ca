package dev.ops.cli;

import dev.ops.events.EventCodec;
import dev.ops.events.EventPayload;
import dev.ops.events.InvalidEventException;
import dev.ops.events.instance.InstanceState;
import dev.ops.events.runner.DrainRequested;
import dev.ops.events.runner.RunnerHeartbeat;
import dev.ops.events.topic.Topic;
import dev.ops.events.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The fleet's current view, read from Kafka alone: a compacted topic read from its beginning to its
 * end, the latest record of each key kept and tombstones dropping theirs.
 */
final class FleetState {

  private static final Duration POLL = Duration.ofMillis(200);

  private FleetState() {}

  /** Every instance that was not removed, by id. */
  static Map<String, InstanceState> instances(KafkaSettings kafka) {
    Map<String, InstanceState> instances = new LinkedHashMap<>();
    latest(kafka, Topics.INSTANCE_STATE)
        .forEach((id, latest) -> instances.put(id, (InstanceState) latest.payload()));
    return instances;
  }

  /**
   * A runner's latest heartbeat, when Kafka received it, and whether the latest drain command for
   * it asks it to drain.
   */
  record Sighting(RunnerHeartbeat heartbeat, Instant at, boolean draining) {}

  /** The latest heartbeat of every runner heard from within the topic's retention. */
  static Map<String, Sighting> runners(KafkaSettings kafka) {
    Map<String, Latest> drains =
        latest(kafka, Topics.INSTANCE_COMMANDS, payload -> payload instanceof DrainRequested);
    Map<String, Sighting> runners = new LinkedHashMap<>();
    heartbeats(kafka)
        .forEach(
            (id, latest) -> {
              Latest drain = drains.get(id);
              boolean draining = drain != null && ((DrainRequested) drain.payload()).draining();
              runners.put(
                  id, new Sighting((RunnerHeartbeat) latest.payload(), latest.at(), draining));
            });
    return runners;
  }

  /** The latest heartbeat of every runner, by id, without asking which are draining. */
  static Map<String, Latest> heartbeats(KafkaSettings kafka) {
    return latest(kafka, Topics.RUNNER_HEARTBEATS, payload -> payload instanceof RunnerHeartbeat);
  }

  /** A key's latest payload and the record's timestamp. */
  record Latest(EventPayload payload, Instant at) {}

  static Map<String, Latest> latest(KafkaSettings kafka, Topic topic) {
    return latest(kafka, topic, payload -> true);
  }

  /** The latest of the payloads {@code wanted} picks, by key; other records do not count. */
  static Map<String, Latest> latest(
      KafkaSettings kafka, Topic topic, Predicate<EventPayload> wanted) {
    EventCodec codec = new EventCodec();
    Map<String, Latest> latest = new LinkedHashMap<>();
    try (KafkaConsumer<String, byte[]> reader = KafkaClients.reader(kafka)) {
      List<TopicPartition> partitions = KafkaClients.partitions(reader, topic.name(), kafka);
      reader.assign(partitions);
      reader.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = reader.endOffsets(partitions);
      while (!reached(reader, ends)) {
        for (ConsumerRecord<String, byte[]> record : reader.poll(POLL)) {
          fold(codec, record, latest, wanted);
        }
      }
    }
    return latest;
  }

  static void fold(
      EventCodec codec, ConsumerRecord<String, byte[]> record, Map<String, Latest> latest) {
    fold(codec, record, latest, payload -> true);
  }

  private static void fold(
      EventCodec codec,
      ConsumerRecord<String, byte[]> record,
      Map<String, Latest> latest,
      Predicate<EventPayload> wanted) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      latest.remove(record.key());
      return;
    }
    try {
      Instant at = Instant.ofEpochMilli(record.timestamp());
      EventPayload payload = codec.decode(record).payload();
      if (wanted.test(payload)) {
        latest.put(record.key(), new Latest(payload, at));
      }
    } catch (InvalidEventException e) {
      // Left to the dead-letter topic's readers; the view keeps what it had for the key.
    }
  }

  private static boolean reached(
      KafkaConsumer<String, byte[]> reader, Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream().allMatch(e -> reader.position(e.getKey()) >= e.getValue());
  }
}

package dev.ops.events.topic;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * One Kafka topic of the fleet and how it is created. The values live in {@link Topics}.
 *
 * @param name the topic's name
 * @param partitions how many partitions: the most consumers of one group that can share it
 * @param cleanup how old records go
 * @param retention how long records are kept; empty means forever (compacted state)
 * @param purpose what the topic carries, for people
 */
public record Topic(
    String name,
    int partitions,
    CleanupPolicy cleanup,
    Optional<Duration> retention,
    String purpose) {

  /**
   * Compacted topics roll a segment at least this often: Kafka never compacts the active segment,
   * and its default of a week would keep every intermediate state that long.
   */
  static final Duration COMPACTED_SEGMENT_AGE = Duration.ofHours(1);

  public Topic {
    if (name == null || !name.matches("[a-zA-Z0-9._-]{1,249}")) {
      throw new IllegalArgumentException("not a Kafka topic name: " + name);
    }
    if (partitions < 1) {
      throw new IllegalArgumentException(name + ": partitions must be positive");
    }
  }

  /** The topic-level settings to create it with. */
  public Map<String, String> configs(short replicationFactor) {
    Map<String, String> configs = new LinkedHashMap<>();
    configs.put("cleanup.policy", cleanup.kafkaValue());
    configs.put("retention.ms", String.valueOf(retention.map(Duration::toMillis).orElse(-1L)));
    if (cleanup.compacts()) {
      configs.put("segment.ms", String.valueOf(COMPACTED_SEGMENT_AGE.toMillis()));
    }
    // With acks=all, one replica may be down and writes still succeed; never fewer than one.
    configs.put("min.insync.replicas", String.valueOf(Math.max(1, replicationFactor - 1)));
    return configs;
  }

  public NewTopic newTopic(short replicationFactor) {
    return new NewTopic(name, partitions, replicationFactor).configs(configs(replicationFactor));
  }
}

package dev.ops.builder.build;

import dev.ops.events.EventType;
import dev.ops.events.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;

/**
 * Counts how many builders already started a build, so that a builder taking over a request from
 * one that died says {@code attempt: 2}. It reads the build's own partition of the build events
 * topic from the time of the request on: a short read, done only for requests this builder
 * inherited (written before it got their partition), since a request it saw arrive is new.
 */
final class PriorAttempts implements AutoCloseable {

  private static final Duration READ_LIMIT = Duration.ofSeconds(10);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final String TYPE_HEADER = "ce_type";

  private final Consumer<String, byte[]> reader;
  private final String topic = Topics.BUILD_EVENTS.name();

  /**
   * @param reader a consumer without a group; this class owns and closes it
   */
  PriorAttempts(Consumer<String, byte[]> reader) {
    this.reader = reader;
  }

  /** Builds of {@code buildId} started at or after {@code sinceMillis}, by any builder. */
  synchronized int startedSince(String buildId, long sinceMillis) {
    TopicPartition partition = partitionOf(buildId);
    // Assigned first: the client warns about offsets it fetched for a partition it does not hold.
    reader.assign(List.of(partition));
    Long end = reader.endOffsets(List.of(partition)).get(partition);
    OffsetAndTimestamp from = reader.offsetsForTimes(Map.of(partition, sinceMillis)).get(partition);
    if (from == null || end == null || from.offset() >= end) {
      return 0;
    }
    reader.seek(partition, from.offset());
    return countStarted(buildId, partition, end);
  }

  private int countStarted(String buildId, TopicPartition partition, long end) {
    int started = 0;
    long deadline = System.nanoTime() + READ_LIMIT.toNanos();
    while (reader.position(partition) < end && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> record : reader.poll(POLL)) {
        if (buildId.equals(record.key()) && isStarted(record)) {
          started++;
        }
      }
    }
    return started;
  }

  private static boolean isStarted(ConsumerRecord<String, byte[]> record) {
    Header type = record.headers().lastHeader(TYPE_HEADER);
    return type != null
        && EventType.BUILD_STARTED.type().equals(new String(type.value(), StandardCharsets.UTF_8));
  }

  /** The partition the producers' default partitioner gives the key. */
  private TopicPartition partitionOf(String key) {
    List<PartitionInfo> partitions = reader.partitionsFor(topic);
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    return new TopicPartition(topic, Utils.toPositive(Utils.murmur2(bytes)) % partitions.size());
  }

  @Override
  public synchronized void close() {
    reader.close();
  }
}

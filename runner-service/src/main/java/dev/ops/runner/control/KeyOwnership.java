package dev.ops.runner.control;

import dev.ops.events.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * Which runner looks after an instance nobody holds (waiting, lost, or to be removed before it
 * ran): the runner that owns, in the runners' group, the launch-topic partition the instance's id
 * maps to. Each such instance then has exactly one caretaker at a time, and a new one after a
 * rebalance.
 */
public final class KeyOwnership {

  private final Supplier<Set<TopicPartition>> assignment;

  public KeyOwnership(Supplier<Set<TopicPartition>> assignment) {
    this.assignment = assignment;
  }

  public boolean owns(String instanceId) {
    return assignment.get().contains(partitionOf(instanceId));
  }

  /** The partition Kafka's default partitioner gives this key on the launch topic. */
  static TopicPartition partitionOf(String instanceId) {
    byte[] key = instanceId.getBytes(StandardCharsets.UTF_8);
    int partition = Utils.toPositive(Utils.murmur2(key)) % Topics.LAUNCH_REQUESTS.partitions();
    return new TopicPartition(Topics.LAUNCH_REQUESTS.name(), partition);
  }
}

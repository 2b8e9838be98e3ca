package dev.ops.runner.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ops.events.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class KeyOwnershipTest {

  @Test
  void anInstanceBelongsToThePartitionItsLaunchIsPublishedOn() {
    for (String id : new String[] {"i-1", "i-01JF902M4XH8R6V3P9Q2S5T7U1", "web-3"}) {
      int kafkas =
          BuiltInPartitioner.partitionForKey(
              id.getBytes(StandardCharsets.UTF_8), Topics.LAUNCH_REQUESTS.partitions());

      assertThat(KeyOwnership.partitionOf(id).partition()).isEqualTo(kafkas);
    }
  }

  @Test
  void aRunnerOwnsTheInstancesOfItsPartitions() {
    TopicPartition partition = KeyOwnership.partitionOf("i-1");

    assertThat(new KeyOwnership(() -> Set.of(partition)).owns("i-1")).isTrue();
    assertThat(new KeyOwnership(Set::of).owns("i-1")).isFalse();
  }
}

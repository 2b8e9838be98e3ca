package dev.ops.cli;

import dev.ops.core.OpsException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The CLI's Kafka readers: outside any consumer group, so reading commits nothing. */
final class KafkaClients {

  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(15);

  private KafkaClients() {}

  static KafkaConsumer<String, byte[]> reader(KafkaSettings kafka) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
            ConsumerConfig.CLIENT_ID_CONFIG, "ops-cli"),
        new StringDeserializer(),
        new ByteArrayDeserializer());
  }

  /** Every partition of {@code topic}, or a failure that says Kafka did not answer. */
  static List<TopicPartition> partitions(
      KafkaConsumer<String, byte[]> reader, String topic, KafkaSettings kafka) {
    try {
      List<PartitionInfo> partitions = reader.partitionsFor(topic, METADATA_TIMEOUT);
      if (partitions == null || partitions.isEmpty()) {
        throw new OpsException(
            "Kafka at " + kafka.bootstrapServers() + " has no topic " + topic,
            "start builder-service once (it creates the fleet's topics), or create them with the"
                + " deploy scripts");
      }
      return partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    } catch (TimeoutException e) {
      throw unreachable(kafka, e);
    }
  }

  /** The partition of {@code topic} that the producers' default partitioner gives {@code key}. */
  static TopicPartition partitionOf(
      KafkaConsumer<String, byte[]> reader, String topic, String key, KafkaSettings kafka) {
    List<TopicPartition> partitions = partitions(reader, topic, kafka);
    byte[] bytes = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    int number =
        org.apache.kafka.common.utils.Utils.toPositive(
                org.apache.kafka.common.utils.Utils.murmur2(bytes))
            % partitions.size();
    return new TopicPartition(topic, number);
  }

  static OpsException unreachable(KafkaSettings kafka, Exception e) {
    return new OpsException(
        "could not reach Kafka at " + kafka.bootstrapServers() + ": " + e.getMessage(),
        "check that it runs and that " + KafkaSettings.VARIABLE + " points at it");
  }
}

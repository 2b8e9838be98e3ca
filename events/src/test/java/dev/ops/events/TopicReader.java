package dev.ops.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/** Reads a whole topic from its beginning, without a group, until a record with a key arrives. */
final class TopicReader implements AutoCloseable {

  private final KafkaConsumer<String, byte[]> consumer;
  private final List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();

  TopicReader(Map<String, Object> settings, String topic, int partitions) {
    Map<String, Object> consumerSettings = new HashMap<>(settings);
    consumerSettings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer =
        new KafkaConsumer<>(
            consumerSettings, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> all = new ArrayList<>();
    for (int partition = 0; partition < partitions; partition++) {
      all.add(new TopicPartition(topic, partition));
    }
    consumer.assign(all);
    consumer.seekToBeginning(all);
  }

  ConsumerRecord<String, byte[]> awaitKey(String key) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(10))
        .until(
            () -> {
              consumer.poll(Duration.ofMillis(200)).forEach(received::add);
              return received.stream().anyMatch(record -> key.equals(record.key()));
            });
    return received.stream().filter(record -> key.equals(record.key())).findFirst().orElseThrow();
  }

  @Override
  public void close() {
    consumer.close();
  }
}

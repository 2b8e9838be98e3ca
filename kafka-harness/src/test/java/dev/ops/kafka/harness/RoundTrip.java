package dev.ops.kafka.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/** Sends one record through a topic with plain Kafka clients and reads it back. */
final class RoundTrip {

  private RoundTrip() {}

  static String through(KafkaBroker kafka, String topic, String value) {
    createTopic(kafka, topic);
    produce(kafka, topic, value);
    return consumeFirst(kafka, topic);
  }

  private static void createTopic(KafkaBroker kafka, String topic) {
    try (Admin admin = Admin.create(kafka.clientSettings())) {
      admin
          .createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("could not create " + topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void produce(KafkaBroker kafka, String topic, String value) {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            kafka.clientSettings(), new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "key", value)).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("could not produce to " + topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String consumeFirst(KafkaBroker kafka, String topic) {
    TopicPartition partition = new TopicPartition(topic, 0);
    Map<String, Object> settings = kafka.clientSettings();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      List<ConsumerRecord<String, String>> received = new ArrayList<>();
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return !received.isEmpty();
              });
      return received.get(0).value();
    }
  }
}

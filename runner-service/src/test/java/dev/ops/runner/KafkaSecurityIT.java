package dev.ops.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ops.builder.BuilderSettings;
import dev.ops.builder.build.Builder;
import dev.ops.builder.testing.LocalRegistry;
import dev.ops.core.registry.RegistrySettings;
import dev.ops.core.util.FileTrees;
import dev.ops.events.topic.Topics;
import dev.ops.kafka.harness.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The services' extra Kafka client settings ({@code ops.runner.kafka.client.*}, {@code
 * ops.builder.kafka.client.*}) reach every client they make: against a broker that lets in only
 * clients logging in with SASL, a runner creates the topics, reads the fleet's history, joins its
 * group and announces itself, and a builder joins its group.
 */
class KafkaSecurityIT {

  private static final Duration READY = Duration.ofSeconds(90);

  @Test
  void aRunnerAndABuilderWorkWithABrokerThatAsksForALogin() throws Exception {
    Path directory = Files.createTempDirectory("ops-kafka-security-");
    try (KafkaBroker kafka = KafkaBroker.builder().withSaslPlain("ops", "ops-secret").start();
        LocalRegistry registry = LocalRegistry.start()) {
      RunnerSettings runnerSettings =
          RunnerSettings.forTests(
                  "secured",
                  kafka.bootstrapServers(),
                  RegistrySettings.of(registry.url().toString(), null),
                  directory.resolve("runner"))
              .withKafkaClient(kafka.clientSecurity());
      BuilderSettings builderSettings =
          BuilderSettings.defaults(
                  "builder-secured",
                  kafka.bootstrapServers(),
                  registry.url(),
                  directory.resolve("builder"))
              .withKafkaClient(kafka.clientSecurity());

      try (Runner runner = Runner.start(runnerSettings, new SimpleMeterRegistry());
          Builder builder = Builder.start(builderSettings, new SimpleMeterRegistry())) {
        await("the runner ready").atMost(READY).until(runner::ready);
        assertThat(heartbeatKeys(kafka)).contains("secured");
        await("the builder in its group")
            .atMost(READY)
            .until(() -> members(kafka, BuilderSettings.DEFAULT_GROUP) > 0);
      }
    } finally {
      FileTrees.deleteQuietly(directory);
    }
  }

  /** The keys on the heartbeat topic, read by a client that logs in. */
  private static List<String> heartbeatKeys(KafkaBroker kafka) {
    Map<String, Object> settings = new HashMap<>(kafka.clientSettings());
    settings.put("key.deserializer", StringDeserializer.class.getName());
    settings.put("value.deserializer", ByteArrayDeserializer.class.getName());
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.RUNNER_HEARTBEATS.name()).stream()
              .map(info -> new TopicPartition(info.topic(), info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      return await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> keysOf(consumer.poll(Duration.ofMillis(500))), keys -> !keys.isEmpty());
    }
  }

  private static List<String> keysOf(ConsumerRecords<String, byte[]> records) {
    return java.util.stream.StreamSupport.stream(records.spliterator(), false)
        .map(ConsumerRecord::key)
        .toList();
  }

  private static int members(KafkaBroker kafka, String group) throws Exception {
    try (Admin admin = Admin.create(kafka.clientSettings())) {
      ConsumerGroupDescription description =
          admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
      return description.members().size();
    }
  }
}

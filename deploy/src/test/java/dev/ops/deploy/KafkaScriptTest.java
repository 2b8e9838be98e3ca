package dev.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/kafka against a state directory and ports of the test's own. */
class KafkaScriptTest {

  private static final String TOPIC = "deploy-kept";

  @TempDir Path stateDirectory;

  private StackScript kafka;

  @AfterEach
  void stopBroker() {
    if (kafka != null) {
      kafka.run("stop");
    }
  }

  @Test
  void shouldKeepTopicsAndRecordsWhenStoppedAndStartedAgain() throws Exception {
    List<Integer> ports = FreePorts.take(2);
    kafka = script(ports.get(0), ports.get(1));
    String bootstrap = "127.0.0.1:" + ports.get(0);

    StackScript.Result started = kafka.run("start");
    assertThat(started.exitCode()).as("%s", started).isZero();
    assertThat(started.output()).contains("ready at " + bootstrap);
    assertThat(kafka.run("status").exitCode()).as("status while running").isZero();
    StackScript.Result again = kafka.run("start");
    assertThat(again.exitCode()).as("%s", again).isZero();
    assertThat(again.output()).contains("already running");

    createTopicAndSend(bootstrap, "kept across a restart");

    assertThat(kafka.run("stop").exitCode()).isZero();
    StackScript.Result stopped = kafka.run("status");
    assertThat(stopped.exitCode()).as("LSB status of a stopped service: %s", stopped).isEqualTo(3);

    StackScript.Result restarted = kafka.run("start");
    assertThat(restarted.exitCode()).as("%s", restarted).isZero();
    assertThat(restarted.output()).as("formatted once only").doesNotContain("formatting");
    assertThat(firstRecord(bootstrap)).isEqualTo("kept across a restart");
  }

  @Test
  void shouldRefuseToStartAndNameTheHolderWhenThePortIsTaken() throws Exception {
    try (ServerSocket holder = FreePorts.occupy()) {
      kafka = script(holder.getLocalPort(), FreePorts.take(1).get(0));

      StackScript.Result refused = kafka.run("start");

      assertThat(refused.exitCode()).as("%s", refused).isEqualTo(1);
      assertThat(refused.output())
          .contains("port " + holder.getLocalPort() + " (Kafka clients) is already taken by java")
          .contains("OPS_KAFKA_PORT")
          .contains("Nothing was started");
      assertThat(kafka.run("status").exitCode()).as("status after the refusal").isEqualTo(3);
      assertThat(stateDirectory.resolve("kafka/kafka.pid")).doesNotExist();
    }
  }

  private StackScript script(int port, int controllerPort) {
    return StackScript.named(
        "kafka",
        stateDirectory,
        Map.of(
            "OPS_KAFKA_PORT", String.valueOf(port),
            "OPS_KAFKA_CONTROLLER_PORT", String.valueOf(controllerPort),
            "OPS_KAFKA_HEAP", "256m"));
  }

  private static void createTopicAndSend(String bootstrap, String value) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(Set.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
    Properties settings = new Properties();
    settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(TOPIC, "key", value)).get(30, TimeUnit.SECONDS);
    }
  }

  private static String firstRecord(String bootstrap) {
    Properties settings = new Properties();
    settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    settings.put(ConsumerConfig.GROUP_ID_CONFIG, "deploy-script-test");
    settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(TOPIC));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          return record.value();
        }
      }
    }
    return null;
  }
}

package dev.ops.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ops.events.InvalidEventException.Reason;
import dev.ops.events.build.BuildRequested;
import dev.ops.events.topic.TopicCreator;
import dev.ops.events.topic.Topics;
import dev.ops.kafka.harness.KafkaBroker;
import dev.ops.kafka.harness.KafkaBrokerExtension;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The contract on a real broker: topics as documented, events in binary mode, poison detected. */
@ExtendWith(KafkaBrokerExtension.class)
class KafkaRoundTripTest {

  private static final URI SOURCE = URI.create("/ops/test/round-trip");

  private static EventPublisher publisher;
  private static Map<String, Object> clientSettings;

  private final EventCodec codec = new EventCodec();

  @BeforeAll
  static void createTopicsAndPublisher(KafkaBroker kafka) {
    clientSettings = kafka.clientSettings();
    try (Admin admin = Admin.create(clientSettings)) {
      assertThat(TopicCreator.createMissing(admin, (short) 1))
          .as("topics created on an empty cluster")
          .containsExactlyInAnyOrderElementsOf(Topics.all().stream().map(t -> t.name()).toList());
    }
    publisher = EventPublisher.connect(kafka.bootstrapServers(), SOURCE);
  }

  @AfterAll
  static void closePublisher() {
    publisher.close();
  }

  @Test
  void shouldCreateNothingWhenTheTopicsExist() {
    try (Admin admin = Admin.create(clientSettings)) {
      assertThat(TopicCreator.createMissing(admin, (short) 1)).isEmpty();
    }
  }

  @Test
  void shouldCreateTheStateTopicCompacted() throws Exception {
    ConfigResource state =
        new ConfigResource(ConfigResource.Type.TOPIC, Topics.INSTANCE_STATE.name());
    try (Admin admin = Admin.create(clientSettings)) {
      Config config =
          admin.describeConfigs(List.of(state)).all().get(30, TimeUnit.SECONDS).get(state);

      assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
      assertThat(config.get("retention.ms").value()).isEqualTo("-1");
    }
  }

  @Test
  void shouldCarryAnEventThroughATopicAsABinaryModeCloudEvent() throws Exception {
    BuildRequested request = requestWithId("b-" + UUID.randomUUID());
    Event<BuildRequested> event = Event.of(SOURCE, request);

    publisher.publish(event).get(30, TimeUnit.SECONDS);
    ConsumerRecord<String, byte[]> received = readBack(Topics.BUILD_REQUESTS.name(), request.key());

    assertThat(header(received, "ce_specversion")).isEqualTo("1.0");
    assertThat(header(received, "ce_type")).isEqualTo("dev.ops.build.requested.v1");
    assertThat(header(received, "ce_id")).isEqualTo(event.id());
    assertThat(header(received, "ce_source")).isEqualTo("/ops/test/round-trip");
    assertThat(header(received, "content-type")).isEqualTo("application/json");
    assertThat(codec.decode(received)).isEqualTo(event);
  }

  @Test
  void shouldDetectAMalformedRecordAndDeadLetterItWithTheReason() throws Exception {
    String key = "b-poison-" + UUID.randomUUID();
    ProducerRecord<String, byte[]> good = codec.toRecord(Event.of(SOURCE, requestWithId(key)));
    sendRaw(new ProducerRecord<>(good.topic(), null, key, bytes("{\"buildId\": "), good.headers()));
    ConsumerRecord<String, byte[]> poison = readBack(Topics.BUILD_REQUESTS.name(), key);

    InvalidEventException problem = decodeFailure(poison);

    assertThat(problem.reason()).isEqualTo(Reason.MALFORMED_JSON);

    publisher.deadLetter(poison, "round-trip-test", problem).get(30, TimeUnit.SECONDS);
    DeadLetter letter = DeadLetter.read(readBack(Topics.DEAD_LETTER.name(), key)).orElseThrow();

    assertThat(letter.reason()).isEqualTo("MALFORMED_JSON");
    assertThat(letter.topic()).isEqualTo(Topics.BUILD_REQUESTS.name());
    assertThat(letter.offset()).isEqualTo(poison.offset());
  }

  @Test
  void shouldDropARemovedInstanceFromTheStateTopicWithATombstone() throws Exception {
    String instanceId = "i-" + UUID.randomUUID();

    publisher.clearInstanceState(instanceId).get(30, TimeUnit.SECONDS);

    assertThat(readBack(Topics.INSTANCE_STATE.name(), instanceId).value()).isNull();
  }

  private InvalidEventException decodeFailure(ConsumerRecord<String, byte[]> record) {
    try {
      codec.decode(record);
      throw new AssertionError("decoded a poison record");
    } catch (InvalidEventException e) {
      return e;
    }
  }

  private static BuildRequested requestWithId(String buildId) {
    BuildRequested example = Examples.payload(EventType.BUILD_REQUESTED, BuildRequested.class);
    return new BuildRequested(
        buildId,
        example.image(),
        example.program(),
        example.libraries(),
        example.files(),
        example.symlinks(),
        example.args(),
        example.env(),
        example.nameServers(),
        example.kernel(),
        example.requestedBy());
  }

  private static ConsumerRecord<String, byte[]> readBack(String topic, String key) {
    int partitions =
        Topics.all().stream()
            .filter(t -> t.name().equals(topic))
            .findFirst()
            .orElseThrow()
            .partitions();
    try (TopicReader reader = new TopicReader(clientSettings, topic, partitions)) {
      return reader.awaitKey(key);
    }
  }

  private static void sendRaw(ProducerRecord<String, byte[]> record) throws Exception {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(clientSettings, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(record).get(30, TimeUnit.SECONDS);
    }
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

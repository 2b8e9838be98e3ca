package dev.ops.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ops.events.InvalidEventException.Reason;
import dev.ops.events.build.BuildRequested;
import dev.ops.events.build.BuildSucceeded;
import dev.ops.events.instance.LaunchRequested;
import dev.ops.events.topic.Topics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class EventCodecTest {

  private static final URI SOURCE = URI.create("/ops/cli/alice");

  private final EventCodec codec = new EventCodec();
  private final BuildRequested request =
      Examples.payload(EventType.BUILD_REQUESTED, BuildRequested.class);

  @Test
  void shouldPutAttributesInHeadersAndDataInTheValueInBinaryMode() {
    Event<BuildRequested> event =
        new Event<>("e-1", SOURCE, Instant.parse("2026-03-02T09:00:00Z"), request);

    ProducerRecord<String, byte[]> record = codec.toRecord(event);

    assertThat(record.topic()).isEqualTo(Topics.BUILD_REQUESTS.name());
    assertThat(record.key()).as("record key").isEqualTo(request.buildId());
    assertThat(Records.header(record, "ce_specversion")).isEqualTo("1.0");
    assertThat(Records.header(record, "ce_type")).isEqualTo("dev.ops.build.requested.v1");
    assertThat(Records.header(record, "ce_id")).isEqualTo("e-1");
    assertThat(Records.header(record, "ce_source")).isEqualTo("/ops/cli/alice");
    assertThat(Records.header(record, "ce_subject")).isEqualTo(request.buildId());
    assertThat(Records.header(record, "ce_time")).isEqualTo("2026-03-02T09:00:00Z");
    assertThat(Records.header(record, "content-type")).isEqualTo("application/json");
    assertThat(record.value()).isEqualTo(codec.writePayload(request));
  }

  @Test
  void shouldDecodeWhatItEncoded() throws InvalidEventException {
    Event<BuildRequested> event = Event.of(SOURCE, request);

    Event<?> decoded = codec.decode(Records.received(codec.toRecord(event)));

    assertThat(decoded).isEqualTo(event);
    assertThat(decoded.type()).isEqualTo(EventType.BUILD_REQUESTED);
  }

  @Test
  void shouldDecodeStructuredModeFromOutsideProducers() throws InvalidEventException {
    String structured =
        """
        {"specversion": "1.0", "id": "ci-77", "source": "/ci/pipeline", "type":
         "dev.ops.build.succeeded.v1", "subject": "b-1", "time": "2026-03-02T09:00:00Z",
         "datacontenttype": "application/json", "data": {"buildId": "b-1", "image": "r/web:1",
         "manifestDigest":
           "sha256:05b3abf2579a5eb66403cd78be557fd860633a1fe2103c7642030defe32c657f",
         "size": 10, "durationMillis": 20}}
        """;
    RecordHeaders headers = new RecordHeaders();
    headers.add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));

    Event<?> decoded =
        codec.decode(
            Records.received(
                Topics.BUILD_EVENTS.name(),
                "b-1",
                headers,
                structured.getBytes(StandardCharsets.UTF_8)));

    assertThat(decoded.payload()).isInstanceOf(BuildSucceeded.class);
    assertThat(decoded.source()).isEqualTo(URI.create("/ci/pipeline"));
  }

  @Test
  void shouldRefuseARecordWithoutCloudEventsHeaders() {
    ConsumerRecord<String, byte[]> plain =
        Records.received("t", "b-1", new RecordHeaders(), "{}".getBytes(StandardCharsets.UTF_8));

    assertRefused(() -> codec.decode(plain), Reason.NOT_A_CLOUDEVENT, "ce_specversion");
  }

  @Test
  void shouldRefuseAnotherCloudEventsVersion() {
    ConsumerRecord<String, byte[]> record = withHeader("ce_specversion", "2.0");

    assertRefused(() -> codec.decode(record), Reason.UNSUPPORTED_SPEC_VERSION, "1.0");
  }

  @Test
  void shouldRefuseAnUnknownType() {
    ConsumerRecord<String, byte[]> record = withHeader("ce_type", "dev.ops.build.exploded.v1");

    assertRefused(() -> codec.decode(record), Reason.UNKNOWN_TYPE, "dev.ops.build.exploded.v1");
  }

  @Test
  void shouldRefuseANewerVersionOfAKnownType() {
    ConsumerRecord<String, byte[]> record = withHeader("ce_type", "dev.ops.build.requested.v2");

    assertRefused(() -> codec.decode(record), Reason.UNKNOWN_TYPE, "v2");
  }

  @Test
  void shouldRefuseMalformedJson() {
    ConsumerRecord<String, byte[]> record = withValue("{\"buildId\": \"b-1\", ");

    assertRefused(() -> codec.decode(record), Reason.MALFORMED_JSON, "not well-formed JSON");
  }

  @Test
  void shouldRefuseTrailingContentAfterTheDocument() {
    ConsumerRecord<String, byte[]> record = withValue("{} {}");

    assertRefused(() -> codec.decode(record), Reason.MALFORMED_JSON, "");
  }

  @Test
  void shouldRefuseDuplicateKeys() {
    ConsumerRecord<String, byte[]> record = withValue("{\"buildId\": \"a\", \"buildId\": \"b\"}");

    assertRefused(() -> codec.decode(record), Reason.MALFORMED_JSON, "buildId");
  }

  @Test
  void shouldRefuseAFieldTheTypeDoesNotHave() {
    ConsumerRecord<String, byte[]> record = withField("memoryMB", 512);

    assertRefused(() -> codec.decode(record), Reason.INVALID_PAYLOAD, "memoryMB");
  }

  @Test
  void shouldRefuseAMissingRequiredNumberInsteadOfReadingZero() {
    String json = new String(codec.writePayload(request), StandardCharsets.UTF_8);
    ConsumerRecord<String, byte[]> record = withValue(json.replace("\"size\":1843216,", ""));

    assertRefused(() -> codec.decode(record), Reason.INVALID_PAYLOAD, "size");
  }

  @Test
  void shouldRefuseAStringWhereANumberBelongs() {
    String json = new String(codec.writePayload(request), StandardCharsets.UTF_8);
    ConsumerRecord<String, byte[]> record = withValue(json.replace("1843216", "\"1843216\""));

    assertRefused(() -> codec.decode(record), Reason.INVALID_PAYLOAD, "program.size");
  }

  @Test
  void shouldRefuseAValueItsRecordRejectsAndSayWhere() {
    String json = new String(codec.writePayload(request), StandardCharsets.UTF_8);
    ConsumerRecord<String, byte[]> record = withValue(json.replace("\"0644\"", "\"rw-r--r--\""));

    assertRefused(
        () -> codec.decode(record), Reason.INVALID_PAYLOAD, "mode must be four octal digits");
  }

  @Test
  void shouldRefuseARecordKeyThatIsNotTheEntityId() {
    ProducerRecord<String, byte[]> sent = codec.toRecord(Event.of(SOURCE, request));
    ConsumerRecord<String, byte[]> record =
        Records.received(sent.topic(), "someone-else", sent.headers(), sent.value());

    assertRefused(() -> codec.decode(record), Reason.KEY_MISMATCH, "someone-else");
  }

  @Test
  void shouldRefuseDataThatIsNotJson() {
    ConsumerRecord<String, byte[]> record = withHeader("content-type", "text/plain");

    assertRefused(() -> codec.decode(record), Reason.UNSUPPORTED_CONTENT_TYPE, "text/plain");
  }

  @Test
  void shouldRefuseAnEventWithoutTime() {
    ConsumerRecord<String, byte[]> record = withHeader("ce_time", null);

    assertRefused(() -> codec.decode(record), Reason.MISSING_ATTRIBUTE, "time");
  }

  @Test
  void shouldRefuseATombstoneOutsideTheStateTopic() {
    ConsumerRecord<String, byte[]> tombstone =
        Records.received(Topics.INSTANCE_EVENTS.name(), "i-1", new RecordHeaders(), null);

    assertRefused(() -> codec.decode(tombstone), Reason.MISSING_DATA, "tombstone");
  }

  @Test
  void shouldWriteTheRestartPolicyAsDockerDoes() {
    LaunchRequested launch = Examples.payload(EventType.LAUNCH_REQUESTED, LaunchRequested.class);

    String json = new String(codec.writePayload(launch), StandardCharsets.UTF_8);

    assertThat(json).contains("\"restart\":\"on-failure:3\"");
  }

  @Test
  void shouldKeepTheEnvironmentInItsOrder() throws InvalidEventException {
    String json = new String(codec.writePayload(request), StandardCharsets.UTF_8);

    BuildRequested read =
        (BuildRequested)
            codec.readPayload(
                EventType.BUILD_REQUESTED,
                json.replace("\"RUST_LOG\":\"info\",\"TZ\":\"UTC\"", "\"TZ\":\"UTC\",\"A\":\"1\"")
                    .getBytes(StandardCharsets.UTF_8));

    assertThat(read.env()).containsExactly(Map.entry("TZ", "UTC"), Map.entry("A", "1"));
  }

  private ConsumerRecord<String, byte[]> withHeader(String name, String value) {
    ProducerRecord<String, byte[]> sent = codec.toRecord(Event.of(SOURCE, request));
    return Records.received(
        sent.topic(), sent.key(), Records.withHeader(sent.headers(), name, value), sent.value());
  }

  private ConsumerRecord<String, byte[]> withValue(String value) {
    ProducerRecord<String, byte[]> sent = codec.toRecord(Event.of(SOURCE, request));
    return Records.received(
        sent.topic(), sent.key(), sent.headers(), value.getBytes(StandardCharsets.UTF_8));
  }

  private ConsumerRecord<String, byte[]> withField(String name, Object value) {
    String json = new String(codec.writePayload(request), StandardCharsets.UTF_8);
    String extra = ",\"" + name + "\":" + value + "}";
    return withValue(json.substring(0, json.length() - 1) + extra);
  }

  private static void assertRefused(ThrowingCallable decoding, Reason reason, String detail) {
    assertThatThrownBy(decoding)
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e -> assertThat(e.reason()).as("reason of: %s", e.getMessage()).isEqualTo(reason))
        .hasMessageContaining(detail);
  }
}

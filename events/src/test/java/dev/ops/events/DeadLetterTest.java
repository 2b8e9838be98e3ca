package dev.ops.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ops.events.InvalidEventException.Reason;
import dev.ops.events.topic.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

  @Test
  void shouldKeepTheRefusedRecordAndSayWhyAndWhereItCameFrom() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("ce_type", "dev.ops.build.requested.v1".getBytes(StandardCharsets.UTF_8));
    byte[] value = "{oops".getBytes(StandardCharsets.UTF_8);
    ConsumerRecord<String, byte[]> refused =
        Records.received(Topics.BUILD_REQUESTS.name(), "b-1", headers, value);
    InvalidEventException problem =
        new InvalidEventException(Reason.MALFORMED_JSON, "data is not well-formed JSON");

    ProducerRecord<String, byte[]> letter =
        DeadLetter.of(refused, "builders", problem).toRecord(refused);

    assertThat(letter.topic()).isEqualTo(Topics.DEAD_LETTER.name());
    assertThat(letter.key()).isEqualTo("b-1");
    assertThat(letter.value()).isEqualTo(value);
    assertThat(Records.header(letter, "ce_type")).isEqualTo("dev.ops.build.requested.v1");
    DeadLetter read = DeadLetter.read(Records.received(letter)).orElseThrow();
    assertThat(read.topic()).isEqualTo(Topics.BUILD_REQUESTS.name());
    assertThat(read.offset()).isEqualTo(refused.offset());
    assertThat(read.consumer()).isEqualTo("builders");
    assertThat(read.reason()).isEqualTo("MALFORMED_JSON");
    assertThat(read.message()).isEqualTo("data is not well-formed JSON");
  }

  @Test
  void shouldFindNoDescriptionOnAnOrdinaryRecord() {
    ConsumerRecord<String, byte[]> ordinary =
        Records.received("t", "k", new RecordHeaders(), new byte[0]);

    assertThat(DeadLetter.read(ordinary)).isEmpty();
  }
}

package dev.ops.events;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/** Kafka records made in memory, as a consumer would receive them. */
final class Records {

  private Records() {}

  static ConsumerRecord<String, byte[]> received(ProducerRecord<String, byte[]> sent) {
    return received(
        sent.topic(), sent.key(), new RecordHeaders(sent.headers().toArray()), sent.value());
  }

  static ConsumerRecord<String, byte[]> received(
      String topic, String key, Headers headers, byte[] value) {
    return new ConsumerRecord<>(
        topic,
        0,
        7L,
        0L,
        TimestampType.CREATE_TIME,
        -1,
        value == null ? -1 : value.length,
        key,
        value,
        headers,
        Optional.empty());
  }

  static String header(ProducerRecord<String, byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  static Headers withHeader(Headers headers, String name, String value) {
    RecordHeaders copy = new RecordHeaders(headers.toArray());
    copy.remove(name);
    if (value != null) {
      copy.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
    return copy;
  }
}

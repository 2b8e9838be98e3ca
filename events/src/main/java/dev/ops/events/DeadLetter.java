package dev.ops.events;

import dev.ops.events.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Why a record went to the dead-letter topic, and where it came from. The record itself is kept as
 * received (key, value and headers, so it can be replayed once fixed); this description travels in
 * extra {@code ops.dlq.*} headers.
 *
 * @param topic the topic the record was read from
 * @param partition its partition there
 * @param offset its offset there
 * @param consumer the consumer group that refused it
 * @param reason a stable word for dashboards, such as {@code MALFORMED_JSON}
 * @param message what was wrong, for a person
 * @param at when it was refused
 */
public record DeadLetter(
    String topic,
    int partition,
    long offset,
    String consumer,
    String reason,
    String message,
    Instant at) {

  public static final String TOPIC_HEADER = "ops.dlq.topic";
  public static final String PARTITION_HEADER = "ops.dlq.partition";
  public static final String OFFSET_HEADER = "ops.dlq.offset";
  public static final String CONSUMER_HEADER = "ops.dlq.consumer";
  public static final String REASON_HEADER = "ops.dlq.reason";
  public static final String MESSAGE_HEADER = "ops.dlq.message";
  public static final String AT_HEADER = "ops.dlq.at";

  /** The dead letter for a record that {@link EventCodec#decode} refused. */
  public static DeadLetter of(
      ConsumerRecord<String, byte[]> refused, String consumer, InvalidEventException e) {
    return new DeadLetter(
        refused.topic(),
        refused.partition(),
        refused.offset(),
        consumer,
        e.reason().name(),
        e.getMessage(),
        Instant.now());
  }

  /** The record to publish on {@link Topics#DEAD_LETTER}: the refused one, plus this. */
  public ProducerRecord<String, byte[]> toRecord(ConsumerRecord<String, byte[]> refused) {
    Headers headers = new RecordHeaders(refused.headers().toArray());
    add(headers, TOPIC_HEADER, topic);
    add(headers, PARTITION_HEADER, String.valueOf(partition));
    add(headers, OFFSET_HEADER, String.valueOf(offset));
    add(headers, CONSUMER_HEADER, consumer);
    add(headers, REASON_HEADER, reason);
    add(headers, MESSAGE_HEADER, message);
    add(headers, AT_HEADER, at.toString());
    return new ProducerRecord<>(
        Topics.DEAD_LETTER.name(), null, refused.key(), refused.value(), headers);
  }

  /** The description carried by a record of the dead-letter topic, if it has one. */
  public static Optional<DeadLetter> read(ConsumerRecord<?, ?> deadLetter) {
    Headers headers = deadLetter.headers();
    if (headers.lastHeader(REASON_HEADER) == null) {
      return Optional.empty();
    }
    return Optional.of(
        new DeadLetter(
            text(headers, TOPIC_HEADER),
            Integer.parseInt(text(headers, PARTITION_HEADER)),
            Long.parseLong(text(headers, OFFSET_HEADER)),
            text(headers, CONSUMER_HEADER),
            text(headers, REASON_HEADER),
            text(headers, MESSAGE_HEADER),
            Instant.parse(text(headers, AT_HEADER))));
  }

  private static void add(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
  }

  private static String text(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
  }
}
